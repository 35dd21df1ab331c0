import type { TickBars } from "@tda/core-wasm";
/**
 * The bar table (SPEC §2): one typed array per column, prices in integer ticks, times in µs since the
 * Unix epoch (UTC) held in Float64Array (exact to 2^53 µs, ≈ 285 years; converted to Arrow int64
 * timestamps at the output boundary). Kernels in @tda/core-wasm read these arrays directly.
 */
export interface BarTable extends Omit<TickBars, "footprint"> {
  // The columns are core-wasm's TickBars (the kernels' view of the same arrays): time / lastTime are
  // µs since the epoch (UTC) of the bar's first / last trade (the bar's time is its first trade's,
  // as Sierra stamps bars with their start; lastTime = time when the source does not say); session
  // indexes the market's session list; open…close in ticks; delta = askVolume − bidVolume;
  // maxDelta / minDelta the extremes of the running delta after each trade (NaN when the source
  // lacks them).
  /** Full per-price footprint, when built from ticks (or read from a source that has it). */
  footprint?: Footprint;
  /**
   * Study columns bound to roles by a column map (e.g. "askVolHigh0", "poc", "vwap", "invLong").
   * NaN where a row has no value.
   */
  study: Map<string, Float64Array>;
}

/**
 * CSR footprint: bar i owns rows offset[i] … offset[i+1]−1, one per price tick from low to high
 * (rows without trades hold zeros).
 */
export interface Footprint {
  offset: Int32Array; // length + 1
  price: Int32Array; // ticks
  bidVolume: Float64Array;
  askVolume: Float64Array;
}

/** A trading session (SPEC §1), named by its date in the exchange time zone. */
export interface Session {
  index: number;
  /** YYYY-MM-DD */
  name: string;
  contract: number; // index into Market.contracts
  /** First bar (inclusive) and end (exclusive) in the bar table. */
  start: number;
  end: number;
  /** Bars before a file's first session start: a partial session of their own. */
  partial: boolean;
}

/** Bar clock in the exchange time zone, precomputed once per table. */
export interface BarClock {
  /** Seconds after local midnight of the bar's time (fraction kept). */
  secondOfDay: Float64Array;
  /** Local calendar day as days since 1970-01-01. */
  localDay: Int32Array;
  /** UTC offset of the exchange zone at the bar's time, minutes (−300 for CDT). */
  offsetMinutes: Int32Array;
}

export interface Contract {
  /** Name shown to users, e.g. "ESH24" or the file's base name. */
  name: string;
  /** The file it came from. */
  file: string;
}

/** Everything the pipeline knows about its input, across contracts, in time order within each. */
export interface Market {
  tickSize: number;
  timeZone: string;
  bars: BarTable;
  clock: BarClock;
  sessions: Session[];
  contracts: Contract[];
  /** Human-readable notices (degraded features, skipped rows summary…). */
  notices: string[];
}

export function emptyBarTable(n: number, withFootprint = false): BarTable {
  const f = () => new Float64Array(n);
  const i = () => new Int32Array(n);
  const t: BarTable = {
    length: n,
    time: f(), lastTime: f(), session: i(),
    open: i(), high: i(), low: i(), close: i(),
    volume: f(), trades: f(), bidVolume: f(), askVolume: f(), delta: f(),
    maxDelta: new Float64Array(n).fill(NaN), minDelta: new Float64Array(n).fill(NaN),
    study: new Map(),
  };
  if (withFootprint) {
    t.footprint = { offset: new Int32Array(n + 1), price: new Int32Array(0), bidVolume: new Float64Array(0), askVolume: new Float64Array(0) };
  }
  return t;
}

/** Per-bar contract index, derived from the sessions. */
export function barContracts(market: Pick<Market, "sessions" | "bars">): Int32Array {
  const out = new Int32Array(market.bars.length);
  for (const s of market.sessions) out.fill(s.contract, s.start, s.end);
  return out;
}
