// The ABI of every kernel of build/core.wasm, one declaration each, in the order of the export's
// parameters (assembly/<family>.ts is the other side of each line). Lengths are in elements and refer
// to the call's numbers. `callKernel` (src/abi.ts) turns a declaration into reserve → copy in → call
// → copy out; a test checks every declaration against the compiled module's exports.
import { input as i, kernel, number as num, output as o, scratch } from "./abi.js";
import { DENSE_KERNELS } from "./dense.js";
import { DRAW_KERNELS } from "./draws.js";

// ---- bar metrics (assembly/barMetrics.ts) --------------------------------------------------------
export const BAR_METRICS = kernel("barMetrics", "void", [
  num("n"),
  i("high", "i32", "n"), i("low", "i32", "n"), i("close", "i32", "n"),
  i("volume", "f64", "n"), i("delta", "f64", "n"), i("maxDelta", "f64", "n"), i("minDelta", "f64", "n"),
  o("deltaPct", "f64", "n"), o("trappedPct", "f64", "n"), o("tdLong", "f64", "n"), o("tdShort", "f64", "n"),
  o("closeLocation", "f64", "n"),
]);
export const VOL_STAR = kernel("volStar", "void", [
  num("n"), i("volume", "f64", "n"), i("group", "i32", "n"), num("window"), o("volStar", "f64", "n"),
]);

// ---- signals (assembly/signals.ts) ---------------------------------------------------------------
export const FOOTPRINT_EDGES = kernel("footprintEdges", "i32", [
  num("n"), i("high", "i32", "n"), i("low", "i32", "n"), i("offset", "i32", "n+1"), num("nRows"),
  i("price", "i32", "nRows"), i("bidVolume", "f64", "nRows"), i("askVolume", "f64", "nRows"),
  o("askVolHigh0", "f64", "n"), o("askVolHigh1", "f64", "n"), o("askVolHigh2", "f64", "n"),
  o("bidVolLow0", "f64", "n"), o("bidVolLow1", "f64", "n"), o("bidVolLow2", "f64", "n"),
]);
export const INVERSION_FLAGS = kernel("inversionFlags", "i32", [
  num("n"), i("open", "i32", "n"), i("close", "i32", "n"), i("delta", "f64", "n"), i("deltaPct", "f64", "n"),
  i("trappedPct", "f64", "n"), num("minAbsDeltaPct"), num("strongTrappedPct"),
  o("invLong", "u8", "n"), o("invShort", "u8", "n"), o("invStrongLong", "u8", "n"), o("invStrongShort", "u8", "n"),
]);
export const EXHAUSTION_FLAGS = kernel("exhaustionFlags", "void", [
  num("n"), i("high", "i32", "n"), i("low", "i32", "n"),
  i("askVolHigh0", "f64", "n"), i("askVolHigh1", "f64", "n"), i("askVolHigh2", "f64", "n"),
  i("bidVolLow0", "f64", "n"), i("bidVolLow1", "f64", "n"), i("bidVolLow2", "f64", "n"),
  num("minRefVolume"), num("exhaustionRatio"), num("accelRatio1"), num("accelRatio2"),
  o("exhLong", "u8", "n"), o("exhShort", "u8", "n"), o("exhAccelLong", "u8", "n"), o("exhAccelShort", "u8", "n"),
]);
export const SIGNAL_HIERARCHY = kernel("signalHierarchy", "i32", [
  num("n"),
  i("invLong", "u8", "n"), i("invShort", "u8", "n"), i("invStrongLong", "u8", "n"), i("invStrongShort", "u8", "n"),
  i("exhLong", "u8", "n"), i("exhShort", "u8", "n"), i("exhAccelLong", "u8", "n"), i("exhAccelShort", "u8", "n"),
  o("invLong", "u8", "n"), o("invShort", "u8", "n"), o("invStrong", "u8", "n"),
  o("exhLong", "u8", "n"), o("exhShort", "u8", "n"), o("exhAccel", "u8", "n"), o("direction", "i8", "n"),
]);

// ---- footprint marks (assembly/footprintMarks.ts) ------------------------------------------------
export const FOOTPRINT_MARKS = kernel("footprintMarks", "i32", [
  num("n"), i("offset", "i32", "n+1"), num("nRows"), i("bidVolume", "f64", "nRows"), i("askVolume", "f64", "nRows"),
  num("imbalanceRatio"), num("minImbalanceVolume"), num("stackedRows"),
  scratch("buyBits", "u8", "bitBytes"), scratch("sellBits", "u8", "bitBytes"), scratch("bothBits", "u8", "bitBytes"),
  o("imbBuy", "i32", "n"), o("imbSell", "i32", "n"), o("stackedBuy", "u8", "n"), o("stackedSell", "u8", "n"),
  o("unfinishedHigh", "u8", "n"), o("unfinishedLow", "u8", "n"),
]);

// ---- profiles (assembly/profiles.ts) -------------------------------------------------------------
export const PROFILE_BOUNDS = kernel("profileBounds", "i32", [
  num("n"), i("high", "i32", "n"), i("low", "i32", "n"), i("profile", "i32", "n"), num("nProfiles"),
  o("low", "i32", "nProfiles"), o("high", "i32", "nProfiles"),
]);
export const TPO_HISTOGRAM = kernel("tpoHistogram", "i32", [
  num("n"), i("high", "i32", "n"), i("low", "i32", "n"), i("period", "i32", "n"), i("profile", "i32", "n"),
  num("rowTicks"), i("rowBase", "i32", "nProfiles"), i("rowOffset", "i32", "nProfiles+1"), num("nProfiles"),
  o("tpo", "f64", "totalRows"),
]);
export const FOOTPRINT_VOLUME_HISTOGRAM = kernel("footprintVolumeHistogram", "i32", [
  num("n"), i("profile", "i32", "n"), i("offset", "i32", "n+1"), i("price", "i32", "nRows"),
  i("bidVolume", "f64", "nRows"), i("askVolume", "f64", "nRows"),
  num("rowTicks"), i("rowBase", "i32", "nProfiles"), i("rowOffset", "i32", "nProfiles+1"), num("nProfiles"),
  o("volume", "f64", "totalRows"),
]);
export const SPREAD_VOLUME_HISTOGRAM = kernel("spreadVolumeHistogram", "i32", [
  num("n"), i("high", "i32", "n"), i("low", "i32", "n"), i("volume", "f64", "n"), i("profile", "i32", "n"),
  num("rowTicks"), i("rowBase", "i32", "nProfiles"), i("rowOffset", "i32", "nProfiles+1"), num("nProfiles"),
  o("volume", "f64", "totalRows"),
]);

// ---- distances (assembly/distances.ts) -----------------------------------------------------------
export const NEAREST_LEVELS = kernel("nearestLevels", "i32", [
  num("n"), i("entry", "f64", "n"), i("querySet", "i32", "n"), i("setOffset", "i32", "nSets+1"),
  i("price", "f64", "nLevels"), i("strength", "f64", "nLevels"), o("index", "i32", "n"), num("nSets"),
]);

// ---- forward scan (assembly/forwardScan.ts) ------------------------------------------------------
export const FORWARD_SCAN = kernel("forwardScan", "i32", [
  num("n"), i("high", "i32", "n"), i("low", "i32", "n"), i("close", "i32", "n"), i("session", "i32", "n"),
  i("direction", "i8", "n"), i("entry", "f64", "n"), i("horizons", "i32", "nh"), num("nh"),
  num("maxHorizon"), num("targetTicks"),
  o("entry", "f64", "n"), o("stop", "f64", "n"), o("returns", "f64", "n*nh"), o("stopped", "f64", "n"),
  o("stopBar", "f64", "n"), o("mfe", "f64", "n"), o("mae", "f64", "n"), o("mfeBar", "f64", "n"),
  o("win", "f64", "n"), o("bracketTicks", "f64", "n"), o("lastBar", "i32", "n"),
]);

// ---- range bars (assembly/rangeBars.ts) ----------------------------------------------------------
export const TICK_BARS_COUNT = kernel("tickBarsCount", "i32", [
  num("n"), num("kind"), num("barSize"),
  i("time", "f64", "n"), i("price", "i32", "n"), i("size", "f64", "n"), i("session", "i32", "n"),
  o("rows", "f64", "1"),
]);
export const TICK_BARS_FILL = kernel("tickBarsFill", "i32", [
  num("n"), num("kind"), num("barSize"),
  i("time", "f64", "n"), i("price", "i32", "n"), i("size", "f64", "n"), i("side", "i8", "n"), i("session", "i32", "n"),
  o("time", "f64", "bars"), o("lastTime", "f64", "bars"), o("session", "i32", "bars"),
  o("open", "i32", "bars"), o("high", "i32", "bars"), o("low", "i32", "bars"), o("close", "i32", "bars"),
  o("volume", "f64", "bars"), o("trades", "f64", "bars"), o("bidVolume", "f64", "bars"), o("askVolume", "f64", "bars"),
  o("delta", "f64", "bars"), o("maxDelta", "f64", "bars"), o("minDelta", "f64", "bars"),
  o("fpOffset", "i32", "bars+1"), o("fpPrice", "i32", "rows"), o("fpBid", "f64", "rows"), o("fpAsk", "f64", "rows"),
]);

// ---- .scid tick records (assembly/scidRecords.ts; called on a reader's own instance, src/scidRecords.ts)
export const SCID_TRADES = kernel("scidTrades", "i32", [
  i("records", "u8", "n*40"), num("n"), num("tickSize"), num("inverse"), num("byInverse"),
  num("epochUs"), num("minUs"), num("maxUs"), num("maxPrice"), num("grid"), num("maxSize"), num("prev"),
  o("time", "f64", "cap"), o("price", "i32", "cap"), o("size", "f64", "cap"), o("side", "i8", "cap"),
  o("bid", "i32", "cap"), o("ask", "i32", "cap"), o("mark", "i8", "cap"), num("cap"), o("state", "f64", "7"),
]);

/** Every declaration, for the test that checks them against the module. */
export const ALL_KERNELS = [
  BAR_METRICS, VOL_STAR, FOOTPRINT_EDGES, INVERSION_FLAGS, EXHAUSTION_FLAGS, SIGNAL_HIERARCHY, FOOTPRINT_MARKS,
  PROFILE_BOUNDS, TPO_HISTOGRAM, FOOTPRINT_VOLUME_HISTOGRAM, SPREAD_VOLUME_HISTOGRAM, NEAREST_LEVELS, FORWARD_SCAN,
  TICK_BARS_COUNT, TICK_BARS_FILL, SCID_TRADES, ...DENSE_KERNELS, ...DRAW_KERNELS,
] as const;
