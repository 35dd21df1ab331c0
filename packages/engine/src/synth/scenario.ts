import { emptyTickTable, type TickTable } from "../tickTable.js";
import { timeZone, dayName } from "../timeZone.js";
import { Prng } from "./prng.js";

/** A signal the scenario plants, named like the study roles of SPEC §5 after the hierarchy. */
export type PlantedKind =
  | "invLong" | "invShort" | "invStrongLong" | "invStrongShort"
  | "exhLong" | "exhShort" | "exhAccelLong" | "exhAccelShort";

export const PLANTED_KINDS: readonly PlantedKind[] = [
  "invLong", "exhShort", "invStrongShort", "exhAccelLong", "invShort", "exhAccelShort", "invStrongLong", "exhLong",
];

export interface PlantedSignal {
  /** Index of the bar in the range-bar table built from the ticks (default rules, `rangeTicks` bars). */
  bar: number;
  /** The bar's time: µs since epoch (UTC) of its first trade. */
  time: number;
  /** Session name (YYYY-MM-DD). */
  session: string;
  kind: PlantedKind;
  family: "inversion" | "exhaustion";
  direction: "long" | "short";
  /** strong inversion / accelerated exhaustion. */
  strong: boolean;
}

export interface PlantedBalance {
  /** Sessions that trade inside one band (their value areas overlap). */
  sessions: string[];
  /** Lowest low and highest high (ticks) of those sessions. */
  low: number;
  high: number;
  /** Sessions of the trend out of the band that follows, and its direction. */
  trendSessions: string[];
  trendDirection: "up";
  /** Close (ticks) of the last trend session. */
  trendClose: number;
}

/**
 * An extra level (SPEC §6 `levels.extraKinds`) planted with a signal whose nearest level it is, at the
 * start of the signal's session (option `levelCases`).
 */
export interface PlantedLevel {
  kind: "naked_poc" | "poor_high";
  /** Level price (ticks). */
  price: number;
  /** Session the level came from (its TPO POC / its RTH high). */
  source: string;
  /** The planted signal near it: its bar, session and the signed distance level − entry (entry = close). */
  bar: number;
  session: string;
  distance: number;
}

/**
 * A bar planted with known footprint marks (SPEC §5), option `markCases`: each is also a planted signal
 * (so it is a row of signals.csv), and the bars around it carry no mark at all.
 */
export interface PlantedMarks {
  /** Which case of `MARK_CASES` (its `name`). */
  name: string;
  bar: number;
  time: number;
  session: string;
  kind: PlantedKind;
  imbBuy: number;
  imbSell: number;
  stackedBuy: number;
  stackedSell: number;
  unfinishedHigh: number;
  unfinishedLow: number;
}

export interface ScenarioOptions {
  seed: number;
  /** First session date (YYYY-MM-DD); sessions run on the following weekdays. */
  startDate?: string;
  balanceSessions?: number;
  trendSessions?: number;
  /** Range bars per session (all inside the RTH window). */
  barsPerSession?: number;
  /** Price (ticks) of the bottom of the balance band. */
  basePrice?: number;
  /** Height (ticks) of the balance band. */
  bandTicks?: number;
  /** Planted signals per balance session. */
  signalsPerSession?: number;
  timeZone?: string;
  /**
   * Append three sessions after the trend that plant a naked POC and a poor high, each the nearest
   * level of a planted signal in the third (`levels` in the result). Off by default: the default tape
   * and truth stay byte-identical. Needs the default 60 bars per session (the design counts periods).
   */
  levelCases?: boolean;
  /**
   * Append one session (after the level cases when both are on) of mark-free bars (volumes ≤ 4, one side
   * only at both extremes, alternating up and down) with the planted signals of `MARK_CASES`, each
   * carrying known imbalances, stacks and unfinished auctions (`marks` in the result). Off by default.
   */
  markCases?: boolean;
}

export interface Scenario {
  ticks: TickTable;
  /** The range size (ticks) the planted bar indices refer to: 8. */
  rangeTicks: number;
  bars: number;
  signals: PlantedSignal[];
  balance: PlantedBalance;
  /** Planted extra levels (only with `levelCases`). */
  levels?: PlantedLevel[];
  /** Planted footprint marks (only with `markCases`). */
  marks?: PlantedMarks[];
}

const N = 8; // every scenario bar spans exactly N ticks, so the range-bar builder cuts exactly there
const RTH_START_S = 8.5 * 3600;
const RTH_SECONDS = 6.75 * 3600; // 08:30 … 15:15

type Rows = { bid: number[]; ask: number[] }; // index 0 = low … N = high

/**
 * A scenario tape for tests: sessions of 8-tick range bars in which known signals are planted, and a
 * balance area (several sessions rotating inside one band: overlapping value areas) followed by a
 * trend out of it. Every bar is designed at the footprint level: it spans exactly 8 ticks from its open
 * to its close (up bars close at the high, down bars at the low), and the next bar's first trade is one
 * tick beyond, so the range-bar builder cuts the tape exactly into the designed bars, and bar indices
 * of the truth are indices of `buildBars(…, {kind: "range", size: 8})` with sessions by the default
 * rules. Background bars carry no signal: up bars have positive delta, down bars negative, and the edge
 * rows never taper (the extreme row holds at least the volume of its neighbour). Planted bars:
 *  - inversion long: an up bar with negative delta; strong: delta falls all through the bar (it closes
 *    at ≈ 96% of its minimum); standard: heavy selling early, buying late (closes at ≈ 50% of its minimum);
 *  - exhaustion short (at the high of an up bar): ask volume at high, high − 1, high − 2 = 3, 10, 12
 *    (standard) or 3, 10, 30 (accelerated); long mirrors both at the low of a down bar.
 * Each planted bar is checked against SPEC §5 as it is generated.
 */
export function generateScenario(opts: ScenarioOptions): Scenario {
  const rng = new Prng(opts.seed);
  const balanceN = opts.balanceSessions ?? 5, trendN = opts.trendSessions ?? 2;
  const perSession = opts.barsPerSession ?? 60;
  const base = opts.basePrice ?? 18000, band = opts.bandTicks ?? 64;
  const signalsPer = opts.signalsPerSession ?? 4;
  const tz = timeZone(opts.timeZone ?? "America/Chicago");
  if (perSession < 4 * signalsPer + 4) throw new Error(`need at least ${4 * signalsPer + 4} bars per session for ${signalsPer} signals`);
  if (band < 3 * N) throw new Error(`the balance band must be at least ${3 * N} ticks`);
  if (opts.levelCases && perSession !== 60) throw new Error("levelCases needs 60 bars per session");
  if (opts.markCases && perSession < 8 * MARK_CASES.length) throw new Error(`markCases needs at least ${8 * MARK_CASES.length} bars per session`);
  const startDay = Math.floor(Date.parse(`${opts.startDate ?? "2024-01-08"}T00:00:00Z`) / 86400000);
  if (!Number.isFinite(startDay)) throw new Error(`start date must be YYYY-MM-DD, got "${opts.startDate}"`);

  const time: number[] = [], price: number[] = [], size: number[] = [], side: number[] = [];
  const signals: PlantedSignal[] = [];
  const balanceNames: string[] = [], trendNames: string[] = [];
  let balLow = Infinity, balHigh = -Infinity;
  let close = base + Math.floor(band / 2), lastDir = 1, bar = 0;
  let day = startDay;
  let trendClose = close;
  const caseNames: string[] = [];
  let zoneA = NaN;
  const caseBars: number[] = [];
  const levelSessions = opts.levelCases ? 3 : 0;
  const marks: PlantedMarks[] = [];
  for (let s = 0; s < balanceN + trendN + levelSessions + (opts.markCases ? 1 : 0); s++) {
    while ((day + 3) % 7 >= 5) day++; // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays; skip weekends
    const name = dayName(day);
    const markSession = s === balanceN + trendN + levelSessions;
    const levelCase = markSession ? -1 : s - balanceN - trendN; // 0, 1, 2 for the level-case sessions A, B, C
    const trend = s >= balanceN && levelCase < 0 && !markSession;
    if (!markSession) (levelCase >= 0 ? caseNames : trend ? trendNames : balanceNames).push(name);
    const plantAt = new Map<number, PlantedKind>(levelCase === 2 ? [[3, "invShort"], [8, "invLong"]] : []);
    // mark session: directions alternate from the previous bar's, so price stays in a 10-row zone and
    // every planted bar follows a bar of the other direction (its open row's first trade is then on the
    // side against the bar, which the case rows are designed for)
    const firstDir = -lastDir;
    const markDir = (k: number) => (k % 2 === 0 ? firstDir : -firstDir);
    const markAt = new Map<number, MarkCase>();
    if (markSession)
      MARK_CASES.forEach((c, j) => {
        const want = c.kind === "invLong" || c.kind === "exhShort" ? 1 : -1;
        const slot = 5 + 8 * j + (markDir(5 + 8 * j) === want ? 0 : 1);
        markAt.set(slot, c);
        plantAt.set(slot, c.kind);
      });
    if (!trend && levelCase < 0 && !markSession) {
      for (let k = 0; k < signalsPer; k++) {
        const slot = 4 + Math.floor(((perSession - 6) * k) / signalsPer) + rng.int(2);
        plantAt.set(slot, PLANTED_KINDS[(s * signalsPer + k) % PLANTED_KINDS.length]!);
      }
    }
    const barSeconds = RTH_SECONDS / perSession;
    for (let k = 0; k < perSession; k++, bar++) {
      const kind = plantAt.get(k);
      const open = close + lastDir; // one tick beyond the previous bar's close: a new range bar
      let dir: number;
      if (kind) dir = kind === "invLong" || kind === "invStrongLong" || kind === "exhShort" || kind === "exhAccelShort" ? 1 : -1;
      else if (markSession) dir = markDir(k);
      else if (levelCase >= 0) dir = levelCaseDirection(levelCase, k);
      else if (trend) dir = rng.float() < 0.8 ? 1 : -1;
      else if (open + N > base + band) dir = -1;
      else if (open - N < base) dir = 1;
      else dir = rng.float() < 0.5 ? 1 : -1;
      const low = dir > 0 ? open : open - N;
      const markCase = markAt.get(k);
      const rows = markCase ? markCase.rows() : kind ? plantedRows(kind) : markSession ? quietRows(rng, dir, lastDir) : backgroundRows(rng, dir);
      const localStart = (day * 86400 + RTH_START_S + k * barSeconds) * 1000;
      const t0 = tz.toUtc(Math.floor(localStart)) * 1000;
      const first = time.length;
      emitBar(rng, rows, low, dir, open - lastDir, t0, Math.floor(barSeconds * 1e6), time, price, size, side);
      checkBar(kind, price, size, side, first, low, dir);
      if (kind) {
        signals.push({
          bar, time: time[first]!, session: name, kind,
          family: kind.startsWith("inv") ? "inversion" : "exhaustion",
          direction: kind.endsWith("Long") ? "long" : "short",
          strong: kind.includes("Strong") || kind.includes("Accel"),
        });
      }
      if (markCase) marks.push({ name: markCase.name, bar, time: time[first]!, session: name, kind: markCase.kind, ...markCase.marks });
      if (levelCase === 0 && k === 4) zoneA = low;
      if (kind && levelCase === 2) caseBars.push(bar);
      if (!trend && levelCase < 0 && !markSession) { balLow = Math.min(balLow, low); balHigh = Math.max(balHigh, low + N); }
      close = dir > 0 ? low + N : low;
      lastDir = dir;
    }
    day++;
    if (s === balanceN + trendN - 1) trendClose = close;
  }
  const ticks = emptyTickTable(time.length);
  ticks.time.set(time); ticks.price.set(price); ticks.size.set(size); ticks.side.set(side);
  const out: Scenario = {
    ticks, rangeTicks: N, bars: bar, signals,
    balance: { sessions: balanceNames, low: balLow, high: balHigh, trendSessions: trendNames, trendDirection: "up", trendClose },
  };
  if (opts.levelCases) {
    // by design (see levelCaseDirection): A's TPO POC is zoneA, B's RTH high zoneA + 36 (2 TPOs), B's low zoneA + 18
    const [, , c] = caseNames as [string, string, string];
    out.levels = [
      { kind: "poor_high", price: zoneA + 36, source: caseNames[1]!, bar: caseBars[0]!, session: c, distance: -1 },
      { kind: "naked_poc", price: zoneA, source: caseNames[0]!, bar: caseBars[1]!, session: c, distance: -8 },
    ];
  }
  if (opts.markCases) out.marks = marks;
  return out;
}

type MarkCounts = Omit<PlantedMarks, "name" | "bar" | "time" | "session" | "kind">;
interface MarkCase {
  name: string;
  kind: PlantedKind;
  rows: () => Rows;
  marks: MarkCounts;
}

const marksOf = (imbBuy: number, imbSell: number, stackedBuy: number, stackedSell: number, unfinishedHigh: number, unfinishedLow: number): MarkCounts =>
  ({ imbBuy, imbSell, stackedBuy, stackedSell, unfinishedHigh, unfinishedLow });
const mirrorRows = (r: Rows): Rows => ({ ask: [...r.bid].reverse(), bid: [...r.ask].reverse() });

/**
 * Footprint rows (low → high) of the planted up bars, each opened after a down bar (so the low row's
 * first trade is at the bid); the short cases are their mirrors. Buy imbalance at row p: ask[p] ≥
 * 3·bid[p − 1] and ask[p] ≥ 10; sell at p: bid[p] ≥ 3·ask[p + 1] and bid[p] ≥ 10 (SPEC §5).
 *
 * - A (inversion long, delta 106 − 129 = −23): buy at row 2 (ask 10 = volume exactly 10, over bid 3) and
 *   row 5 (ask 30 = exactly 3 × bid 10); near misses: row 4's buy (29 over bid 10: ratio 2.9) and row 7's
 *   sell (bid 26 over ask 9 above: 2.9). No two buy rows touch: no stack. High row: bid 0 (finished);
 *   low row: ask 0 (finished).
 * - A with 2 contracts at the ask of the low row: the same, and an unfinished low.
 * - B (inversion long, delta 86 − 139 = −53): rows 5, 6, 7 have ask 10 over bid 3 below: a stack of 3.
 * - B2: rows 5 and 6 only (row 7's ask 12 over bid 10 is 1.2): two consecutive imbalances, no stack.
 * - exhaustion short (ask 3, 10, 12 at high, high − 1, high − 2; bid 6 everywhere): both extremes traded
 *   on both sides — unfinished high and low — and no imbalance (ask 15 < 3 × 6, bid 6 < 10).
 */
const ROWS_A: Rows = { bid: [20, 3, 20, 10, 10, 20, 20, 26, 0], ask: [0, 7, 10, 7, 29, 30, 7, 7, 9] };
const ROWS_B: Rows = { bid: [30, 30, 30, 30, 3, 3, 3, 10, 0], ask: [0, 11, 11, 11, 11, 10, 10, 10, 12] };
const ROWS_B2: Rows = { bid: [30, 30, 30, 30, 3, 3, 10, 10, 0], ask: [0, 11, 11, 11, 11, 10, 10, 12, 12] };

export const MARK_CASES: readonly MarkCase[] = [
  { name: "buy imbalances at ratio exactly 3 and at volume exactly 10, no stack", kind: "invLong", rows: () => ROWS_A, marks: marksOf(2, 0, 0, 0, 0, 0) },
  { name: "stack of 3 buy imbalances", kind: "invLong", rows: () => ROWS_B, marks: marksOf(3, 0, 1, 0, 0, 0) },
  { name: "2 consecutive sell imbalances: not a stack", kind: "invShort", rows: () => mirrorRows(ROWS_B2), marks: marksOf(0, 2, 0, 0, 0, 0) },
  { name: "stack of 3 sell imbalances", kind: "invShort", rows: () => mirrorRows(ROWS_B), marks: marksOf(0, 3, 0, 1, 0, 0) },
  { name: "unfinished high and low", kind: "exhShort", rows: () => plantedRows("exhShort"), marks: marksOf(0, 0, 0, 0, 1, 1) },
  { name: "unfinished low only", kind: "invLong", rows: () => ({ bid: ROWS_A.bid, ask: [2, ...ROWS_A.ask.slice(1)] }), marks: marksOf(2, 0, 0, 0, 0, 1) },
];

/**
 * A bar of the mark session without any mark or signal: 2–4 contracts on the bar's side and 0–1 on the
 * other (never 10, so no imbalance; never 5, so no exhaustion), delta with the bar; the closing row and
 * the opening row trade on one side only (finished auctions). The opening row's first trade is on the
 * bar's side when the previous bar went the same way, else on the other side.
 */
function quietRows(rng: Prng, dir: number, prevDir: number): Rows {
  const main: number[] = [], other: number[] = [];
  const openRow = dir > 0 ? 0 : N, closeRow = dir > 0 ? N : 0;
  for (let r = 0; r <= N; r++) {
    main.push(2 + rng.int(3));
    other.push(r === closeRow ? 0 : rng.int(2));
  }
  if (prevDir === dir) other[openRow] = 0;
  else { main[openRow] = 0; other[openRow] = 1; }
  return dir > 0 ? { ask: main, bid: other } : { ask: other, bid: main };
}

/**
 * Bar directions of the level-case sessions (every bar spans 8 ticks and opens one tick beyond the
 * previous close, so an up bar after an up bar moves 9 ticks up, an up bar after a down bar stays
 * in a 10-row zone). With 60 bars in 6¾ hours, TPO period p holds bars k with ⌊6.75·k / 30⌋ = p:
 * period 0 = bars 0–4, period 3 = 14–17, period 9 = 40–44, period 13 = 58–59.
 *
 * - A: five up bars (period 0, rows o … o + 44), then a zone [a, a + 9] (a = o + 36, the low of bar 4)
 *   in periods 1–12, and bars 58–59 up to a + 17. TPOs: o … a − 1 one each, a … a + 8 fourteen,
 *   a + 9 thirteen, a + 10 … a + 17 one. Of the nine tied rows a … a + 8 the one nearest the middle of
 *   the 54-row profile is a: **POC a**; value area [a, a + 10].
 * - B (b = a + 18, above everything A's POC could see): zone [b, b + 9] all session, with a spike
 *   (up, up, down, down) to b + 18 in periods 3 and 9. TPOs: b … b + 9 fourteen, b + 10 … b + 18 two:
 *   **RTH high b + 18 with 2 TPOs (a poor high)**, low b (14: a poor low), POC b + 9 (middle of the
 *   ties), value area [b + 1, b + 9]. B never trades below b, so A's POC stays naked.
 * - C (the signal session, sees A's POC as naked_poc and B's high as poor_high): up to b + 26, then a
 *   planted short (bar 3, closes b + 19: poor high b + 18 at −1, VAH b + 9 at −10), four down bars,
 *   and a planted long (bar 8, closes a + 8: naked POC a at −8, poor low b at +10, VAL b + 1 at +11),
 *   then the zone [a, a + 9] (C fills the naked POC).
 */
function levelCaseDirection(session: number, k: number): number {
  const alternate = k % 2 === 0 ? 1 : -1;
  if (session === 0) return k <= 4 || k === 59 ? 1 : alternate;
  if (session === 1) return k === 15 || k === 41 ? 1 : k === 16 || k === 42 ? -1 : alternate;
  return k <= 2 ? 1 : k <= 7 ? -1 : alternate;
}

/** A signal-free bar: delta with the bar's direction, edge rows at least as big as their neighbours. */
function backgroundRows(rng: Prng, dir: number): Rows {
  const main: number[] = [], other: number[] = [];
  for (let r = 0; r <= N; r++) {
    const m = 8 + rng.int(13);
    main.push(m);
    other.push(Math.max(1, Math.floor(m * (0.3 + 0.5 * rng.float()))));
  }
  const rows: Rows = dir > 0 ? { ask: main, bid: other } : { ask: other, bid: main };
  rows.ask[N] = Math.max(rows.ask[N]!, rows.ask[N - 1]!);
  rows.bid[0] = Math.max(rows.bid[0]!, rows.bid[1]!);
  return rows;
}

/** Footprint rows of a planted bar (low → high). */
function plantedRows(kind: PlantedKind): Rows {
  const flat = (v: number) => Array.from({ length: N + 1 }, () => v);
  const mirror = (r: Rows): Rows => ({ ask: [...r.bid].reverse(), bid: [...r.ask].reverse() });
  switch (kind) {
    case "invStrongLong": return { bid: flat(20), ask: flat(5) };
    case "invLong": return { bid: [30, 30, 30, 30, 5, 5, 5, 5, 5], ask: [2, 2, 2, 2, 15, 15, 15, 15, 15] };
    case "exhShort": return { ask: [15, 15, 15, 15, 15, 15, 12, 10, 3], bid: flat(6) };
    case "exhAccelShort": return { ask: [15, 15, 15, 15, 15, 15, 30, 10, 3], bid: flat(6) };
    case "invStrongShort": return mirror(plantedRows("invStrongLong"));
    case "invShort": return mirror(plantedRows("invLong"));
    case "exhLong": return mirror(plantedRows("exhShort"));
    case "exhAccelLong": return mirror(plantedRows("exhAccelShort"));
  }
}

/**
 * Writes one bar's trades: rows are walked from the open to the close; the trade arriving at a row is
 * one contract on the side of the move (an up-tick at the ask), then the row's remaining volume trades
 * in lots of 1…6, bid lots first when the bar moves up (so the running delta of a selling bar keeps
 * falling), ask lots first when it moves down.
 */
function emitBar(
  rng: Prng, rows: Rows, low: number, dir: number, prevPrice: number, t0: number, spanUs: number,
  time: number[], price: number[], size: number[], side: number[],
): void {
  const bid = [...rows.bid], ask = [...rows.ask];
  const from = time.length;
  let prev = prevPrice;
  for (let s = 0; s <= N; s++) {
    const r = dir > 0 ? s : N - s;
    const p = low + r;
    const arrive = p > prev ? 1 : p < prev ? -1 : dir;
    const book = arrive > 0 ? ask : bid;
    if (book[r]! < 1) throw new Error("scenario row without volume on its arrival side");
    book[r]!--;
    price.push(p); size.push(1); side.push(arrive);
    const order: [number[], number][] = dir > 0 ? [[bid, -1], [ask, 1]] : [[ask, 1], [bid, -1]];
    for (const [vol, sd] of order) {
      while (vol[r]! > 0) {
        const q = Math.min(vol[r]!, 1 + rng.int(6));
        vol[r]! -= q;
        price.push(p); size.push(q); side.push(sd);
      }
    }
    prev = p;
  }
  const n = price.length - from;
  const room = spanUs - n;
  let g = 0;
  const gaps: number[] = [];
  for (let k = 0; k <= n; k++) { const e = rng.exp(); gaps.push(e); g += e; }
  let cum = 0;
  // the first trade opens the bar at t0 exactly (08:30:00 for a session's first bar)
  for (let k = 0; k < n; k++) { time.push(t0 + Math.min(Math.floor((cum / g) * room), room) + k); cum += gaps[k]!; }
}

/** Recomputes SPEC §5 on the bar just written and fails loudly if the design does not hold. */
function checkBar(kind: PlantedKind | undefined, price: number[], size: number[], side: number[], from: number, low: number, dir: number): void {
  const bid = new Array(N + 1).fill(0), ask = new Array(N + 1).fill(0);
  let d = 0, mx = -Infinity, mn = Infinity;
  for (let i = from; i < price.length; i++) {
    const r = price[i]! - low;
    if (side[i]! > 0) { ask[r] += size[i]!; d += size[i]!; } else { bid[r] += size[i]!; d -= size[i]!; }
    mx = Math.max(mx, d); mn = Math.min(mn, d);
  }
  const up = dir > 0;
  const trapped = d < 0 ? d / mn : d > 0 ? d / mx : 0;
  const flags = new Set<PlantedKind>();
  if (d < 0 && up) flags.add(trapped >= 0.75 ? "invStrongLong" : "invLong");
  if (d > 0 && !up) flags.add(trapped >= 0.75 ? "invStrongShort" : "invShort");
  const [a0, a1, a2] = [ask[N], ask[N - 1], ask[N - 2]];
  if (a1 >= 5 && a0 <= 0.5 * a1) flags.add(a2 >= 5 && a1 <= 0.5 * a2 && a0 <= 0.2 * a2 ? "exhAccelShort" : "exhShort");
  const [b0, b1, b2] = [bid[0], bid[1], bid[2]];
  if (b1 >= 5 && b0 <= 0.5 * b1) flags.add(b2 >= 5 && b1 <= 0.5 * b2 && b0 <= 0.2 * b2 ? "exhAccelLong" : "exhLong");
  const want = kind ? [kind] : [];
  if (flags.size !== want.length || want.some((k) => !flags.has(k))) {
    throw new Error(`scenario bar design failed: planted ${kind ?? "nothing"}, got ${[...flags].join(", ") || "nothing"}`);
  }
}
