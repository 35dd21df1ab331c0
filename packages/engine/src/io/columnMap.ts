import { readFileSync } from "node:fs";
import { BAR_ROLES, STUDY_ROLES, type StudyRole } from "../studyRoles.js";
import { InputError } from "../errors.js";

/**
 * Column map of a Sierra "Write Bar and Study Data To File" export (SPEC §3.2): binds study columns
 * (whose subgraph names are bare and may repeat) to roles.
 *
 * JSON form: `{ "preset": "sierra-8tick-103", "maxDelta": {"name": "Max Delta"},
 * "askVolHigh0": {"index": 27}, "poc": {"name": "POC", "occurrence": 1}, "vwap": null }`.
 * - `index` is 0-based over the whole row (Date = 0, Time = 1, the first study column = 13).
 * - `name` matches the header case-insensitively (spaces trimmed); `occurrence` is 0-based among
 *   the columns of that name (0 = the first "POC", 1 = the second).
 * - `preset` starts from a built-in map; `null` unbinds a role of the preset.
 */
export type MapRole = StudyRole | (typeof BAR_ROLES)[number] | "duration";
export type ColumnRef = { index: number } | { name: string; occurrence?: number };
export type ColumnMap = Partial<Record<MapRole, ColumnRef>>;

/** Roles a column map may bind, with what they are. */
export const MAP_ROLES: Readonly<Record<MapRole, string>> = {
  maxDelta: "largest running delta within the bar (BarTable.maxDelta)",
  minDelta: "smallest running delta within the bar (BarTable.minDelta)",
  duration: "seconds from the bar's first to its last trade (BarTable.lastTime)",
  ...STUDY_ROLES,
};

export interface PresetColumn {
  name: string;
  role?: MapRole;
  /** How the writer fills a column that is no role (derived from the bars, or left empty). */
  fill?: Fill;
  note: string;
}

export type Fill =
  | "delta" | "deltaPct" | "deltaChange" | "cumDelta" | "bidVolume" | "askVolume" | "volume" | "trades"
  | "avgTradeSize" | "rangeTicks" | "askBidRatio"
  | "askVolHigh0" | "askVolHigh1" | "askVolHigh2" | "bidVolHigh0" | "bidVolHigh1" | "bidVolHigh2"
  | "bidVolLow0" | "bidVolLow1" | "bidVolLow2" | "askVolLow0" | "askVolLow1" | "askVolLow2"
  | "cdOpen" | "cdHigh" | "cdLow" | "cdClose" | "sma20" | "ema9" | "bbTop" | "bbMiddle" | "bbBottom" | "atr14"
  | "volumeSma20" | "askPct" | "bidPct" | "cumVolume" | "cumTrades";

/** The 13 fixed columns every study export starts with. */
export const STUDY_EXPORT_HEADER = [
  "Date", "Time", "Open", "High", "Low", "Last", "Volume", "# of Trades", "OHLC Avg", "HLC Avg", "HL Avg", "Bid Volume", "Ask Volume",
];

const c = (name: string, note: string, extra: Partial<PresetColumn> = {}): PresetColumn => ({ name, note, ...extra });
const empty = (name: string, note: string) => c(name, `${note} (written empty)`);

/**
 * The project's own 103-column layout (`ES_8tick_250D.csv`): 13 fixed columns + 90 study
 * subgraphs, in chart order. Documented column by column in packages/engine/docs/io.md.
 */
export const SIERRA_8TICK_103: readonly PresetColumn[] = Object.freeze([
  ...STUDY_EXPORT_HEADER.map((n) => c(n, "fixed bar column")),
  // 13–26 Numbers Bars Calculated Values
  c("Delta", "ask volume − bid volume", { fill: "delta" }),
  c("Max Delta", "largest running delta after any trade of the bar", { role: "maxDelta" }),
  c("Min Delta", "smallest running delta after any trade of the bar", { role: "minDelta" }),
  c("Delta %", "100 · delta / volume", { fill: "deltaPct" }),
  c("Delta Change", "delta − previous bar's delta", { fill: "deltaChange" }),
  c("Cumulative Delta", "running delta from the file's first bar", { fill: "cumDelta" }),
  c("Bid Volume", "bid volume again (Numbers Bars)", { fill: "bidVolume" }),
  c("Ask Volume", "ask volume again (Numbers Bars)", { fill: "askVolume" }),
  c("Total Volume", "volume", { fill: "volume" }),
  c("Number of Trades", "trades", { fill: "trades" }),
  c("Average Trade Size", "volume / trades", { fill: "avgTradeSize" }),
  c("Bar Duration", "seconds from first to last trade", { role: "duration" }),
  c("Range Ticks", "high − low in ticks", { fill: "rangeTicks" }),
  c("Ask/Bid Ratio", "ask volume / bid volume", { fill: "askBidRatio" }),
  // 27–38 footprint edge volumes
  c("Ask Vol High", "ask volume at the high", { role: "askVolHigh0" }),
  c("Ask Vol High-1", "ask volume 1 tick below the high", { role: "askVolHigh1" }),
  c("Ask Vol High-2", "ask volume 2 ticks below the high", { role: "askVolHigh2" }),
  c("Bid Vol High", "bid volume at the high", { fill: "bidVolHigh0" }),
  c("Bid Vol High-1", "bid volume 1 tick below the high", { fill: "bidVolHigh1" }),
  c("Bid Vol High-2", "bid volume 2 ticks below the high", { fill: "bidVolHigh2" }),
  c("Bid Vol Low", "bid volume at the low", { role: "bidVolLow0" }),
  c("Bid Vol Low+1", "bid volume 1 tick above the low", { role: "bidVolLow1" }),
  c("Bid Vol Low+2", "bid volume 2 ticks above the low", { role: "bidVolLow2" }),
  c("Ask Vol Low", "ask volume at the low", { fill: "askVolLow0" }),
  c("Ask Vol Low+1", "ask volume 1 tick above the low", { fill: "askVolLow1" }),
  c("Ask Vol Low+2", "ask volume 2 ticks above the low", { fill: "askVolLow2" }),
  // 39–44 Volume Value Area Lines: developing session, then prior session (same names)
  c("POC", "developing volume POC of the session", { role: "poc" }),
  c("VAH", "developing value area high", { role: "vah" }),
  c("VAL", "developing value area low", { role: "val" }),
  empty("POC", "prior session's volume POC"),
  empty("VAH", "prior session's value area high"),
  empty("VAL", "prior session's value area low"),
  // 45–51 VWAP with standard-deviation bands
  c("VWAP", "session VWAP", { role: "vwap" }),
  empty("Top Band 1", "VWAP + 1σ"), empty("Bottom Band 1", "VWAP − 1σ"),
  empty("Top Band 2", "VWAP + 2σ"), empty("Bottom Band 2", "VWAP − 2σ"),
  empty("Top Band 3", "VWAP + 3σ"), empty("Bottom Band 3", "VWAP − 3σ"),
  // 52–59 the user's signal study (1 = fired)
  c("Inversion Long", "flag", { role: "invLong" }),
  c("Inversion Short", "flag", { role: "invShort" }),
  c("Strong Inversion Long", "flag", { role: "invStrongLong" }),
  c("Strong Inversion Short", "flag", { role: "invStrongShort" }),
  c("Exhaustion Long", "flag", { role: "exhLong" }),
  c("Exhaustion Short", "flag", { role: "exhShort" }),
  c("Accel Exhaustion Long", "flag", { role: "exhAccelLong" }),
  c("Accel Exhaustion Short", "flag", { role: "exhAccelShort" }),
  // 60–63 Cumulative Delta Bars (names repeat the fixed columns')
  c("Open", "cumulative delta before the bar", { fill: "cdOpen" }),
  c("High", "cumulative delta before the bar + max delta", { fill: "cdHigh" }),
  c("Low", "cumulative delta before the bar + min delta", { fill: "cdLow" }),
  c("Close", "cumulative delta after the bar", { fill: "cdClose" }),
  // 64–70 indicators
  c("MA", "simple moving average of Last, 20 bars (points)", { fill: "sma20" }),
  c("MA", "exponential moving average of Last, 9 bars (points)", { fill: "ema9" }),
  c("Top", "Bollinger band: SMA20 + 2σ (population)", { fill: "bbTop" }),
  c("Middle", "Bollinger band: SMA20", { fill: "bbMiddle" }),
  c("Bottom", "Bollinger band: SMA20 − 2σ", { fill: "bbBottom" }),
  c("ATR", "average true range, simple, 14 bars (points)", { fill: "atr14" }),
  empty("RSI", "RSI 14"),
  // 71–74 prior day OHLC
  empty("Open", "prior day open"), empty("High", "prior day high"), empty("Low", "prior day low"), empty("Close", "prior day close"),
  // 75–78 initial balance
  empty("IB High", "initial balance high"), empty("IB Low", "initial balance low"), empty("IB Mid", "initial balance middle"), empty("IB Range", "initial balance range"),
  // 79–84 TPO profile lines: session, then prior session
  empty("TPO POC", "TPO POC"), empty("TPO VAH", "TPO value area high"), empty("TPO VAL", "TPO value area low"),
  empty("TPO POC", "prior session's TPO POC"), empty("TPO VAH", "prior session's TPO VAH"), empty("TPO VAL", "prior session's TPO VAL"),
  // 85–90 volume study
  c("Volume", "volume (Volume study)", { fill: "volume" }),
  c("Volume MA", "simple moving average of volume, 20 bars", { fill: "volumeSma20" }),
  c("Ask Volume %", "100 · ask volume / volume", { fill: "askPct" }),
  c("Bid Volume %", "100 · bid volume / volume", { fill: "bidPct" }),
  c("Cumulative Volume", "running volume from the file's first bar", { fill: "cumVolume" }),
  c("Cumulative Trades", "running trades from the file's first bar", { fill: "cumTrades" }),
  // 91–94 current day OHLC
  empty("Open", "day open"), empty("High", "day high so far"), empty("Low", "day low so far"), empty("Close", "day last"),
  // 95–98 overnight range
  empty("ON High", "overnight high"), empty("ON Low", "overnight low"), empty("ON Mid", "overnight middle"), empty("ON Range", "overnight range"),
  // 99–102 floor pivots
  empty("PP", "pivot point"), empty("R1", "resistance 1"), empty("S1", "support 1"), empty("R2", "resistance 2"),
]);

if (SIERRA_8TICK_103.length !== 103) throw new Error(`sierra-8tick-103 has ${SIERRA_8TICK_103.length} columns`);

/** A preset's role → {name, occurrence} refs, computed from its layout. */
function presetMap(layout: readonly PresetColumn[]): ColumnMap {
  const map: ColumnMap = {};
  const seen = new Map<string, number>();
  for (const col of layout) {
    const key = col.name.toLowerCase();
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    if (col.role) map[col.role] = occurrence === 0 ? { name: col.name } : { name: col.name, occurrence };
  }
  return map;
}

export const COLUMN_MAP_PRESETS: Readonly<Record<string, ColumnMap>> = Object.freeze({
  "sierra-8tick-103": presetMap(SIERRA_8TICK_103),
});

/** Validates a parsed JSON column map (errors name the key). */
export function parseColumnMap(json: unknown, where = "column map"): ColumnMap {
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error(`${where}: expected a JSON object of role → {"name"|"index"}`);
  const obj = json as Record<string, unknown>;
  let map: ColumnMap = {};
  if (obj.preset !== undefined) {
    const p = COLUMN_MAP_PRESETS[String(obj.preset)];
    if (!p) throw new Error(`${where}.preset: unknown preset "${String(obj.preset)}" (known: ${Object.keys(COLUMN_MAP_PRESETS).join(", ")})`);
    map = { ...p };
  }
  for (const [key, value] of Object.entries(obj)) {
    if (key === "preset") continue;
    if (!(key in MAP_ROLES)) throw new Error(`${where}.${key}: unknown role (known: ${Object.keys(MAP_ROLES).join(", ")})`);
    const role = key as MapRole;
    if (value === null) { delete map[role]; continue; }
    if (!value || typeof value !== "object") throw new Error(`${where}.${key}: expected {"name": "..."} or {"index": n}`);
    const v = value as Record<string, unknown>;
    if ("index" in v) {
      if (!Number.isInteger(v.index) || (v.index as number) < 0) throw new Error(`${where}.${key}.index: expected a 0-based column number, got ${JSON.stringify(v.index)}`);
      map[role] = { index: v.index as number };
    } else if (typeof v.name === "string") {
      const occ = v.occurrence ?? 0;
      if (!Number.isInteger(occ) || (occ as number) < 0) throw new Error(`${where}.${key}.occurrence: expected a 0-based count, got ${JSON.stringify(occ)}`);
      map[role] = { name: v.name, occurrence: occ as number };
    } else throw new Error(`${where}.${key}: expected {"name": "..."} or {"index": n}`);
  }
  return map;
}

/** A preset's name, or a JSON file holding a column map. */
export function loadColumnMap(presetOrPath: string): ColumnMap {
  const preset = COLUMN_MAP_PRESETS[presetOrPath];
  if (preset) return preset;
  let text: string;
  try {
    text = readFileSync(presetOrPath, "utf8");
  } catch {
    throw new Error(`column map "${presetOrPath}": neither a preset (${Object.keys(COLUMN_MAP_PRESETS).join(", ")}) nor a readable file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${presetOrPath}: not valid JSON (${(e as Error).message})`);
  }
  return parseColumnMap(json, presetOrPath);
}

export interface Binding {
  role: MapRole;
  /** 0-based column. */
  index: number;
  name: string;
}

/**
 * Resolves a column map against a header. `strict`: a reference that does not resolve is an error
 * (an explicit user map); otherwise it is just left unbound (the automatic map).
 */
export function bindColumns(header: readonly string[], map: ColumnMap, file: string, strict: boolean): Binding[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const out: Binding[] = [];
  const used = new Map<number, MapRole>();
  for (const role of Object.keys(MAP_ROLES) as MapRole[]) {
    const ref = map[role];
    if (!ref) continue;
    let index = -1;
    if ("index" in ref) {
      if (ref.index < header.length) index = ref.index;
      else if (strict) throw new InputError(file, 1, 0, `column map: ${role} → column ${ref.index} (0-based), but the header has ${header.length} columns`);
    } else {
      const want = ref.name.trim().toLowerCase();
      let seen = 0;
      for (let k = 0; k < names.length; k++) {
        if (names[k] !== want) continue;
        if (seen++ === (ref.occurrence ?? 0)) { index = k; break; }
      }
      if (index < 0 && strict) {
        throw new InputError(file, 1, 0, `column map: ${role} → "${ref.name}" occurrence ${ref.occurrence ?? 0} (0-based), but the header has ${seen} column(s) of that name`);
      }
    }
    if (index < 0) continue;
    if (index < STUDY_EXPORT_HEADER.length) throw new InputError(file, 1, 0, `column map: ${role} → column ${index} ("${header[index]}") is one of the 13 fixed bar columns`);
    const other = used.get(index);
    if (other) throw new InputError(file, 1, 0, `column map: ${role} and ${other} are both bound to column ${index} ("${header[index]}")`);
    used.set(index, role);
    out.push({ role, index, name: header[index]!.trim() });
  }
  return out;
}

/** A role the input lacks, and which feature degrades without it. */
export interface MissingRole {
  role: MapRole;
  effect: string;
}

const EFFECTS: Record<MapRole, string> = {
  maxDelta: "trapped % and strong inversion unavailable",
  minDelta: "trapped % and strong inversion unavailable",
  duration: "bar end times unknown (lastTime = bar time)",
  askVolHigh0: "short exhaustion unavailable (no ask volumes at the high)",
  askVolHigh1: "short exhaustion unavailable (no ask volumes at the high)",
  askVolHigh2: "accelerated short exhaustion unavailable",
  bidVolLow0: "long exhaustion unavailable (no bid volumes at the low)",
  bidVolLow1: "long exhaustion unavailable (no bid volumes at the low)",
  bidVolLow2: "accelerated long exhaustion unavailable",
  poc: "no export_poc level (levels still come from the TPO profiles)",
  vah: "no export_vah level",
  val: "no export_val level",
  vwap: "no export_vwap level",
  invLong: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  invShort: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  invStrongLong: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  invStrongShort: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  exhLong: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  exhShort: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  exhAccelLong: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
  exhAccelShort: "the export's own signal flags are incomplete: signals are computed from the bars (SPEC §5)",
};

/** Every role not bound, with its effect. */
export function missingRoles(bound: Iterable<MapRole>): MissingRole[] {
  const have = new Set(bound);
  return (Object.keys(MAP_ROLES) as MapRole[]).filter((r) => !have.has(r)).map((role) => ({ role, effect: EFFECTS[role] }));
}

/** One line per distinct effect: "ESH24.csv: no maxDelta, minDelta → trapped % and strong inversion unavailable". */
export function missingRoleNotices(file: string, missing: readonly MissingRole[]): string[] {
  const byEffect = new Map<string, MapRole[]>();
  for (const m of missing) byEffect.set(m.effect, [...(byEffect.get(m.effect) ?? []), m.role]);
  return [...byEffect].map(([effect, roles]) => `${file}: no ${roles.join(", ")} → ${effect}`);
}
