import { isAscii } from "node:buffer";
import { statSync } from "node:fs";
import { basename } from "node:path";
import { BarTableBuilder } from "../barTableBuilder.js";
import { LEVEL_ROLES, type StudyRole } from "../studyRoles.js";
import { InputError } from "../errors.js";
import { toTicks } from "../instruments.js";
import { timeZone } from "../timeZone.js";
import {
  bindColumns, COLUMN_MAP_PRESETS, missingRoleNotices, missingRoles, SIERRA_8TICK_103, STUDY_EXPORT_HEADER,
  type Binding, type ColumnMap, type MissingRole,
} from "./columnMap.js";
import { defineFormat, headerLine, type MarketRead } from "./format.js";
import { barVolumeProblem, columnOf, deltaExtremesProblem, DuplicateBars, MAX_SIZE, ohlcProblem, priceProblem, readRows, sizeProblem, SlotOrder, type RowErrors } from "./rowReader.js";
import { cellField, cur, dateField, numberField, skipField, timeField } from "./bytes.js";
import type { BarRow } from "../barTableBuilder.js";
import { writeSierraStudyExport } from "./writeStudyExport.js";
import { nonexistentLocalTime, squash, type ReadBars } from "./sierraBarExport.js";
import { WallClock } from "./dateTime.js";
import { dateTimeText, fieldStarts, parseNumber, spaceEnd, spaceStart } from "./text.js";
import { parseDateDays, parseTimeOfDayMicros } from "./dateTime.js";

export interface StudyReadOptions {
  tickSize: number;
  /** Zone the file's times are written in (Sierra writes the chart's zone). */
  sourceTimeZone: string;
  lenient?: boolean;
  /**
   * Explicit column map (errors when a reference does not resolve). Undefined: the
   * `sierra-8tick-103` preset when the header is exactly that layout, else the preset's names bound
   * wherever they occur (unresolved roles are reported missing).
   */
  columnMap?: ColumnMap;
}

export interface ReadStudyBars extends ReadBars {
  /** Header names as written. */
  columns: string[];
  bindings: Binding[];
  /** "sierra-8tick-103", "by name" (automatic) or "user". */
  mapUsed: string;
  missing: MissingRole[];
  notices: string[];
}

const FIXED = STUDY_EXPORT_HEADER.length;
const LEVELS = new Set<string>(LEVEL_ROLES);

/**
 * Reads a "Write Bar and Study Data To File" export (SPEC §3.2) streamed line by line. Bound study
 * columns go to BarTable.maxDelta/minDelta, lastTime (duration) or BarTable.study (level roles in
 * ticks, unrounded so a VWAP keeps its fraction); unbound columns are not parsed. Empty cells are NaN.
 */
export function readSierraStudyExport(path: string, opts: StudyReadOptions): ReadStudyBars {
  const file = basename(path);
  const tz = new WallClock(timeZone(opts.sourceTimeZone));
  const ts = opts.tickSize;
  const at: number[] = [];
  let columns: string[] = [];
  let bindings: Binding[] = [];
  let mapUsed = "user";
  let out: BarTableBuilder | undefined;
  let studyRoles: { role: StudyRole; index: number; scale: number }[] = [];
  let maxAt = -1, minAt = -1, durAt = -1;
  let study = new Float64Array(0);
  // edge-volume roles: each a whole number within its side's volume (index into studyRoles, side)
  let edges: { k: number; side: "bid" | "ask" }[] = [];
  // a queued bar waits in one of three typed slots (SlotOrder: no object a row) with its line — the
  // text, or for the byte fast path its bytes (`qBuf`, never overwritten), quoted only when a
  // time-order message needs it — and its study values in one of three buffers
  const qLast = new Float64Array(3), qOpen = new Float64Array(3), qHigh = new Float64Array(3), qLow = new Float64Array(3), qClose = new Float64Array(3);
  const qVol = new Float64Array(3), qTrades = new Float64Array(3), qBid = new Float64Array(3), qAsk = new Float64Array(3);
  const qMax = new Float64Array(3), qMin = new Float64Array(3), qLine = new Float64Array(3), qStart = new Float64Array(3), qEnd = new Float64Array(3);
  const qBuf: (Buffer | undefined)[] = [undefined, undefined, undefined];
  const qSrc: string[] = ["", "", ""];
  const bar: BarRow = { time: 0, lastTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, trades: 0, bidVolume: 0, askVolume: 0, maxDelta: NaN, minDelta: NaN };
  let order: SlotOrder | undefined;
  const duplicates = new DuplicateBars();
  const orderFor = (errors: RowErrors) => (order ??= new SlotOrder(errors, "bar", (k, utc) => {
    const first = duplicates.repeatsOf(qLine[k]!, utc, qOpen[k]!, qHigh[k]!, qLow[k]!, qClose[k]!, qVol[k]!, qTrades[k]!, qBid[k]!, qAsk[k]!);
    if (first) return errors.reject(qLine[k]!, 1, `duplicate bar: repeats line ${first}`);
    bar.time = utc; bar.lastTime = qLast[k]!; bar.open = qOpen[k]!; bar.high = qHigh[k]!; bar.low = qLow[k]!; bar.close = qClose[k]!;
    bar.volume = qVol[k]!; bar.trades = qTrades[k]!; bar.bidVolume = qBid[k]!; bar.askVolume = qAsk[k]!; bar.maxDelta = qMax[k]!; bar.minDelta = qMin[k]!;
    out!.push(bar, queued[k]!);
  }, (k) => { const b = qBuf[k]; return dateTimeText(b ? b.toString("latin1", qStart[k]!, qEnd[k]!) : qSrc[k]!); }));
  /** Queues a bar checked by either path (its study values in `study`). */
  const queue = (o: SlotOrder, utc: number, lineNo: number, column: number, lastTime: number, open: number, high: number, low: number, close: number,
    vol: number, trades: number, bidV: number, askV: number, maxD: number, minD: number, buf: Buffer | undefined, start: number, end: number, src: string): void => {
    const k = o.slot();
    qLast[k] = lastTime; qOpen[k] = open; qHigh[k] = high; qLow[k] = low; qClose[k] = close; qVol[k] = vol; qTrades[k] = trades; qBid[k] = bidV; qAsk[k] = askV;
    qMax[k] = maxD; qMin[k] = minD; qLine[k] = lineNo; qBuf[k] = buf; qStart[k] = start; qEnd[k] = end; qSrc[k] = src;
    queued[k]!.set(study);
    o.push(utc, lineNo, column);
  };
  // the builder's room, set from the file's size at the first bar (no column grown and copied after)
  const fileBytes = statSync(path).size;
  let sized = false;
  const size = (lineBytes: number): void => {
    sized = true;
    // a line has at least one byte a column (its separators): never more rows than that allows
    out!.reserve(Math.min(Math.ceil((fileBytes / (lineBytes + 1)) * 1.1) + 16, Math.ceil(fileBytes / Math.max(1, columns.length)) + 16));
  };
  // a chunk of only ASCII bytes without NUL: the fast path passes over a field of it by finding its separator only
  let cleanBuf: Buffer | undefined;
  let clean = false;
  // the byte fast path: what each field is to it (0 passed over, 1 a fixed number, 2 a bound study
  // cell), the values it read (NaN for the others), and whether it runs at all
  let kinds = new Uint8Array(0);
  let fv = new Float64Array(0);
  let fastOk = false;
  let queued: Float64Array[] = [];
  // the fields from 2 on as runs: a run of `skipRun[r]` fields passed over (0: none), then field `parseAt[r]` parsed (−1: none)
  let skipRun = new Int32Array(0), parseAt = new Int32Array(0);
  // the fast path's copies of studyRoles' columns and scales and of `edges` (typed, no object a row)
  let roleAt = new Int32Array(0), roleScale = new Float64Array(0), edgeK = new Int32Array(0), edgeAsk = new Uint8Array(0);
  const vals = new Float64Array(8);
  let volumeNames: [string, string, string, string] = ["", "", "", ""];
  const rows = readRows(path, { lenient: opts.lenient, emptyFile: `empty file: expected the study export header "${STUDY_EXPORT_HEADER.join(", ")}, …"` }, {
    header(line, lineNo) {
      columns = line.split(",").map((s) => s.trim());
      const fixedOk = columns.length >= FIXED && STUDY_EXPORT_HEADER.every((n, k) => squash(columns[k]!) === squash(n));
      if (!fixedOk) {
        throw new InputError(path, lineNo, 1, `expected the study export header "${STUDY_EXPORT_HEADER.join(", ")}, <study columns>…", got "${line.slice(0, 160)}"`);
      }
      let map = opts.columnMap;
      if (!map) {
        const isPreset = columns.length === SIERRA_8TICK_103.length && SIERRA_8TICK_103.every((c, k) => c.name.toLowerCase() === columns[k]!.toLowerCase());
        map = COLUMN_MAP_PRESETS["sierra-8tick-103"]!;
        mapUsed = isPreset ? "sierra-8tick-103" : "by name";
      }
      bindings = bindColumns(columns, map, path, opts.columnMap !== undefined);
      for (const b of bindings) {
        if (b.role === "maxDelta") maxAt = b.index;
        else if (b.role === "minDelta") minAt = b.index;
        else if (b.role === "duration") durAt = b.index;
        else studyRoles.push({ role: b.role, index: b.index, scale: LEVELS.has(b.role) ? 1 / ts : 1 });
      }
      studyRoles = studyRoles.sort((a, b) => (a.role < b.role ? -1 : 1));
      out = new BarTableBuilder(studyRoles.map((r) => r.role), 1 << 14);
      study = new Float64Array(studyRoles.length);
      queued = [0, 1, 2].map(() => new Float64Array(studyRoles.length));
      volumeNames = [columns[6]!, columns[7]!, columns[11]!, columns[12]!];
      kinds = new Uint8Array(columns.length);
      fv = new Float64Array(columns.length);
      for (const b of bindings) kinds[b.index] = 2;
      for (const k of FIXED_NUMBERS) kinds[k] = 1;
      const runs: number[] = [], parsed: number[] = [];
      for (let k = 2, skip = 0; k < columns.length; k++) {
        if (kinds[k] === 0) skip++;
        else { runs.push(skip); parsed.push(k); skip = 0; }
        if (k === columns.length - 1 && skip > 0) { runs.push(skip); parsed.push(-1); }
      }
      skipRun = Int32Array.from(runs); parseAt = Int32Array.from(parsed);
      // a study column bound to the Date or Time column: the string path's (it refuses every row)
      fastOk = bindings.every((b) => b.index >= 2);
      roleAt = Int32Array.from(studyRoles, (r) => r.index);
      roleScale = Float64Array.from(studyRoles, (r) => r.scale);
      edges = studyRoles.flatMap((r, k): { k: number; side: "bid" | "ask" }[] => (/^askVolHigh/.test(r.role) ? [{ k, side: "ask" as const }] : /^bidVolLow/.test(r.role) ? [{ k, side: "bid" as const }] : []));
      edgeK = Int32Array.from(edges, (e) => e.k);
      edgeAsk = Uint8Array.from(edges, (e) => (e.side === "ask" ? 1 : 0));
    },
    fast(b, start, end, lineNo, rows) {
      // `row`'s reading of a plain line, from its bytes; false hands the line to `row` unchanged
      if (!fastOk) return false;
      cur.at = start;
      while (b[cur.at] === 32 && cur.at < end) cur.at++;
      const col0 = cur.at - start + 1;
      const day = dateField(b, end, 44, false, true);
      if (Number.isNaN(day)) return false;
      const tod = timeField(b, end, 44, false, true, false);
      if (Number.isNaN(tod)) return false;
      const n = kinds.length, lastK = n - 1;
      if (n < 3) return false;
      if (b !== cleanBuf) {
        cleanBuf = b;
        clean = isAscii(b) && b.indexOf(0) < 0;
      }
      for (let r = 0; r < skipRun.length; r++) {
        const k = parseAt[r]!;
        let m = skipRun[r]!;
        if (m > 0) {
          if (clean) {
            // m fields passed over: m separators found (a last field passed over: to the line's end, no separator)
            let i = cur.at;
            if (k < 0) m--;
            for (; m > 0; m--) {
              while (i < end && b[i] !== 44) i++;
              if (i === end) return false;
              i++;
            }
            if (k < 0) {
              while (i < end && b[i] !== 44) i++;
              if (i !== end) return false;
            }
            cur.at = i;
          } else {
            for (let f = (k < 0 ? n : k) - m; f < (k < 0 ? n : k); f++) if (!skipField(b, end, 44, f === lastK)) return false;
          }
        }
        if (k < 0) break;
        if (kinds[k] === 1) {
          const v = numberField(b, end, 44, k === lastK);
          if (Number.isNaN(v)) return false;
          fv[k] = v;
        } else {
          const v = cellField(b, end, 44, k === lastK);
          if (v === undefined) return false;
          fv[k] = v;
        }
      }
      const o = fv[2]!, h = fv[3]!, l = fv[4]!, c = fv[5]!, vol = fv[6]!, trades = fv[7]!, bidV = fv[11]!, askV = fv[12]!;
      if (priceProblem(columns[2]!, o, ts) || priceProblem(columns[3]!, h, ts) || priceProblem(columns[4]!, l, ts) || priceProblem(columns[5]!, c, ts)) return false;
      const open = toTicks(o, ts), high = toTicks(h, ts), low = toTicks(l, ts), close = toTicks(c, ts);
      if (high < Math.max(open, close, low) || low > Math.min(open, close)) return false; // ohlcProblem's test
      if (barVolumeProblem(vol, trades, bidV, askV, volumeNames, true)) return false;
      const maxD = maxAt >= 0 ? fv[maxAt]! : NaN;
      const minD = minAt >= 0 ? fv[minAt]! : NaN;
      const dur = durAt >= 0 ? fv[durAt]! : NaN;
      for (let k = 0; k < roleAt.length; k++) study[k] = fv[roleAt[k]!]! * roleScale[k]!;
      if (deltaExtremesProblem(askV - bidV, maxD, minD, EXTREME_NAMES)) return false;
      for (let j = 0; j < edgeK.length; j++) {
        const v = study[edgeK[j]!]!;
        if (Number.isNaN(v)) continue;
        if (!(Number.isInteger(v) && v >= 0 && v <= MAX_SIZE)) return false; // sizeProblem's test
        if (v > (edgeAsk[j] ? askV : bidV)) return false;
      }
      if (Number.isFinite(dur) && dur < 0) return false;
      const timeOrder = orderFor(rows);
      const utc = tz.toUtc(day * 86400e6 + tod, timeOrder.latest);
      if (tz.lastInGap) return false;
      if (!sized) size(end - start);
      queue(timeOrder, utc, lineNo, col0, Number.isFinite(dur) ? utc + Math.round(dur * 1e6) : utc, open, high, low, close, vol, trades, bidV, askV, maxD, minD, b, start, end, "");
      return true;
    },
    row(line, lineNo, rows) {
      const nf = fieldStarts(line, ",", at);
      const fail = (field: number, problem: string) => rows.fail(columnOf(line, at, field, true), problem);
      if (nf !== columns.length) return fail(-1, `expected ${columns.length} comma-separated fields like the header, got ${nf}`);
      const end = (k: number) => at[k + 1]! - 1;
      const text = (k: number) => line.slice(at[k]!, end(k)).trim();
      // date and time parsed in place; a field the in-place parse refuses gets the trimmed-text parse it always had
      let day = parseDateDays(line, spaceStart(line, at[0]!, end(0)), spaceEnd(line, at[0]!, end(0)));
      if (Number.isNaN(day)) day = parseDateDays(text(0));
      let tod = parseTimeOfDayMicros(line, spaceStart(line, at[1]!, end(1)), spaceEnd(line, at[1]!, end(1)), false);
      if (Number.isNaN(tod)) { const t = text(1); tod = parseTimeOfDayMicros(t, 0, t.length, false); }
      if (Number.isNaN(day) || Number.isNaN(tod)) return fail(Number.isNaN(day) ? 0 : 1, `expected a date like 2023/12/18 and a time like 08:35:00, got "${text(0)}, ${text(1)}"`);
      for (let k = 0; k < 8; k++) vals[k] = parseNumber(line, at[FIXED_NUMBERS[k]!]!, end(FIXED_NUMBERS[k]!));
      const o = vals[0]!, h = vals[1]!, l = vals[2]!, c = vals[3]!, vol = vals[4]!, trades = vals[5]!, bidV = vals[6]!, askV = vals[7]!;
      let bad = -1;
      for (let k = 0; k < 8 && bad < 0; k++) if (!Number.isFinite(vals[k]!)) bad = k;
      if (bad >= 0) return fail(FIXED_NUMBERS[bad]!, `${columns[FIXED_NUMBERS[bad]!]}: expected a number, got "${text(FIXED_NUMBERS[bad]!)}"`);
      for (let k = 0; k < 4; k++) {
        const p = priceProblem(columns[2 + k]!, vals[k]!, ts);
        if (p) return fail(2 + k, p);
      }
      const open = toTicks(o, ts), high = toTicks(h, ts), low = toTicks(l, ts), close = toTicks(c, ts);
      const badBar = ohlcProblem(open, high, low, close, [o, h, l, c]);
      if (badBar) return fail(3, badBar);
      const volumes = barVolumeProblem(vol, trades, bidV, askV, volumeNames, true);
      if (volumes) return fail([6, 7, 11, 12][volumes[0]]!, volumes[1]);
      // bound study columns: empty = NaN, anything else must be a number
      let badStudy = -1;
      const cell = (k: number): number => {
        // a number first (no text built); an empty or white-space cell is NaN, anything else bad
        const v = end(k) - at[k]! === 0 ? NaN : parseNumber(line, at[k]!, end(k));
        if (!Number.isNaN(v) || end(k) - at[k]! === 0 || text(k) === "") return v;
        badStudy = k;
        return v;
      };
      const maxD = maxAt >= 0 ? cell(maxAt) : NaN;
      const minD = minAt >= 0 ? cell(minAt) : NaN;
      const dur = durAt >= 0 ? cell(durAt) : NaN;
      for (let k = 0; k < studyRoles.length; k++) study[k] = cell(studyRoles[k]!.index) * studyRoles[k]!.scale;
      if (badStudy >= 0) {
        const role = bindings.find((b) => b.index === badStudy)!.role;
        return fail(badStudy, `${columns[badStudy]} (${role}): expected a number or an empty cell, got "${text(badStudy)}"`);
      }
      // across fields: the delta extremes bracket the delta, an edge volume lies within its side's volume
      const extremes = deltaExtremesProblem(askV - bidV, maxD, minD, [columns[maxAt] ?? "maxDelta", columns[minAt] ?? "minDelta"]);
      if (extremes) return fail(extremes[0] === 0 ? maxAt : minAt, extremes[1]);
      for (const e of edges) {
        const v = study[e.k]!;
        if (Number.isNaN(v)) continue;
        const index = studyRoles[e.k]!.index, name = `${columns[index]} (${studyRoles[e.k]!.role})`;
        const whole = sizeProblem(name, v);
        if (whole) return fail(index, whole);
        const side = e.side === "ask" ? askV : bidV;
        if (v > side) return fail(index, `${name}: expected at most the bar's ${e.side === "ask" ? columns[12] : columns[11]} ${side}, got ${v}`);
      }
      if (Number.isFinite(dur) && dur < 0) return fail(durAt, `${columns[durAt]} (duration): expected seconds ≥ 0, got ${dur}`);
      const timeOrder = orderFor(rows);
      const utc = tz.toUtc(day * 86400e6 + tod, timeOrder.latest);
      if (tz.lastInGap) return fail(1, nonexistentLocalTime(text(0), text(1), opts.sourceTimeZone));
      if (!sized) size(line.length);
      queue(timeOrder, utc, lineNo, columnOf(line, at, 0, true), Number.isFinite(dur) ? utc + Math.round(dur * 1e6) : utc, open, high, low, close, vol, trades, bidV, askV, maxD, minD, undefined, 0, 0, line);
    },
  });
  order?.finish();
  const skipped = rows.skipped;
  const missing = missingRoles(bindings.map((b) => b.role));
  const notices = [
    ...(mapUsed === "by name" ? [`${file}: not the sierra-8tick-103 layout (${columns.length} columns); study columns bound by name: ${bindings.map((b) => `${b.role}=${b.index}`).join(", ") || "none"}`] : []),
    ...missingRoleNotices(file, missing),
  ];
  return { file, bars: out!.finish(), skipped, columns, bindings, mapUsed, missing, notices };
}

/** Fields of the fixed columns parsed as numbers: Open, High, Low, Last, Volume, # of Trades, Bid Volume, Ask Volume. */
const FIXED_NUMBERS = [2, 3, 4, 5, 6, 7, 11, 12];
/** deltaExtremesProblem's names when the fast path only asks whether there is a problem. */
const EXTREME_NAMES: [string, string] = ["maxDelta", "minDelta"];

/** Sierra Chart's "Write Bar and Study Data To File" (SPEC §3.2): bars with study columns bound by a column map. */
export const studyExportFormat = defineFormat({
  id: "study-export",
  kind: "bars",
  expected: `a study export (${STUDY_EXPORT_HEADER.slice(0, 3).join(", ")}, …)`,
  binary: false,
  sniff(head) {
    const names = headerLine(head).split(",").map((s) => s.trim().toLowerCase());
    return names.length >= STUDY_EXPORT_HEADER.length && STUDY_EXPORT_HEADER.every((n, k) => squash(names[k]!) === squash(n));
  },
  readZone: (ctx) => ctx.sourceTimeZone ?? ctx.exchangeTimeZone,
  read(path, ctx): MarketRead {
    const r = readSierraStudyExport(path, {
      tickSize: ctx.tickSize, sourceTimeZone: ctx.sourceTimeZone ?? ctx.exchangeTimeZone, lenient: ctx.lenient, columnMap: ctx.columnMap,
    });
    return { kind: "bars", bars: r.bars, skipped: r.skipped, notices: r.notices, missing: r.missing };
  },
  write: { bars: (path, bars, ctx) => writeSierraStudyExport(path, bars, { tickSize: ctx.tickSize, timeZone: ctx.timeZone }) },
});
