import { civilDays, monthDays } from "./dateTime.js";

/**
 * The byte fast path's field parsers (rowReader.ts RowHandler.fast): each reads one field of a line's
 * bytes from `cur.at` and, when the field has the plain shape the string parse gives the same value
 * for, returns that value with `cur.at` past the field's separator. Anything else — another shape,
 * a byte outside ASCII, a NUL, a missing or extra separator — returns NaN and the reader hands the
 * whole line to its string path unchanged. Lines the fast path accepts are ASCII, so byte offsets
 * are the string path's character columns.
 */
export const cur = { at: 0 };

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * After a field's last character at `i`: spaces (when `spaces`), then the separator (not `last`) or
 * the line's end (`last`): the position after it, or −1.
 */
function close(b: Uint8Array, i: number, end: number, sep: number, last: boolean, spaces: boolean): number {
  if (spaces) while (i < end && b[i] === 32) i++;
  if (i === end) return last ? i : -1;
  return !last && b[i] === sep ? i + 1 : -1;
}

/**
 * A number as text.ts parseNumber reads it (spaces around when `spaces`, `+`/`-`, digits with at
 * most one dot, at least one digit): the same value — digits / 10^k while there are at most 15
 * digits, else `Number` of the text, as parseNumber's slow branch. No exponents (NaN: string path).
 */
export function numberField(b: Buffer, end: number, sep: number, last: boolean, spaces = true): number {
  let i = cur.at;
  if (spaces) while (i < end && b[i] === 32) i++;
  const start = i;
  let neg = false;
  const c0 = b[i];
  if (c0 === 45) { neg = true; i++; } else if (c0 === 43) i++;
  let mant = 0, digits = 0, frac = 0, dot = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) return NaN;
  const stop = i;
  const next = close(b, i, end, sep, last, spaces);
  if (next < 0) return NaN;
  cur.at = next;
  if (digits > 15 || frac >= POW10.length) return Number(b.toString("latin1", start, stop));
  const v = frac === 0 ? mant : mant / POW10[frac]!;
  return neg ? -v : v;
}

/**
 * A study cell (sierraStudyExport.ts `cell`): empty or only spaces → NaN with `cur.at` moved on,
 * else numberField. Returns undefined when the line must go the string way.
 */
export function cellField(b: Buffer, end: number, sep: number, last: boolean): number | undefined {
  let i = cur.at;
  while (i < end && b[i] === 32) i++;
  if (i === end || b[i] === sep) {
    const next = close(b, i, end, sep, last, false);
    if (next < 0) return undefined;
    cur.at = next;
    return NaN;
  }
  const v = numberField(b, end, sep, last);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * A whole number as text.ts parseUint reads it, without spaces: 1–15 digits, then the separator (or
 * the line's end when `last`). NaN when not that.
 */
export function wholeField(b: Uint8Array, end: number, sep: number, last: boolean): number {
  let i = cur.at, v = 0;
  const from = i;
  for (; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (i === from || i - from > 15) return NaN;
  const next = close(b, i, end, sep, last, false);
  if (next < 0) return NaN;
  cur.at = next;
  return v;
}

/**
 * A field that is empty (zero characters: NaN, `cur.at` moved on) or a number as numberField reads
 * it without spaces; undefined when neither (the line must go the string way). Unlike cellField, a
 * field of spaces is not empty.
 */
export function emptyOrNumberField(b: Buffer, end: number, sep: number, last: boolean): number | undefined {
  const next = close(b, cur.at, end, sep, last, false);
  if (next >= 0) {
    cur.at = next;
    return NaN;
  }
  const v = numberField(b, end, sep, last, false);
  return Number.isNaN(v) ? undefined : v;
}

/** A field passed over (not parsed): any ASCII but NUL up to the separator; false when not that. */
export function skipField(b: Uint8Array, end: number, sep: number, last: boolean): boolean {
  let i = cur.at;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === sep) break;
    if (c === 0 || c >= 0x80) return false;
  }
  const next = close(b, i, end, sep, last, false);
  if (next < 0) return false;
  cur.at = next;
  return true;
}

/**
 * A date as dateTime.ts parseDateDays reads it (YYYY-MM-DD or YYYY/MM/DD, no padding needed; spaces
 * around when `spaces`): days since 1970. Years before 100 (Date.UTC's 1900s) go the string way.
 */
export function dateField(b: Uint8Array, end: number, sep: number, last: boolean, spaces: boolean): number {
  let i = cur.at;
  if (spaces) while (i < end && b[i] === 32) i++;
  let y = 0, m = 0, d = 0, n = 0;
  for (; i < end && n < 5; i++) { const c = b[i]! - 48; if (c < 0 || c > 9) break; y = y * 10 + c; n++; }
  if (n !== 4 || y < 100 || i >= end) return NaN;
  const ds = b[i++];
  if (ds !== 45 && ds !== 47) return NaN;
  n = 0;
  for (; i < end && n < 3; i++) { const c = b[i]! - 48; if (c < 0 || c > 9) break; m = m * 10 + c; n++; }
  if (n < 1 || n > 2 || i >= end || b[i++] !== ds) return NaN;
  n = 0;
  for (; i < end && n < 3; i++) { const c = b[i]! - 48; if (c < 0 || c > 9) break; d = d * 10 + c; n++; }
  if (n < 1 || n > 2 || m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  if (d > 28 && d > monthDays(y, m)) return NaN;
  const next = close(b, i, end, sep, last, spaces);
  if (next < 0) return NaN;
  cur.at = next;
  return civilDays(y, m, d);
}

/**
 * A time of day as dateTime.ts parseTimeOfDayMicros reads it ("H:MM:SS" or "HH:MM:SS", then
 * optionally a dot and 1–6 digits: a decimal fraction of a second, or a count of µs when
 * `unpadded`; spaces around when `spaces`): µs after midnight.
 */
export function timeField(b: Uint8Array, end: number, sep: number, last: boolean, spaces: boolean, unpadded: boolean): number {
  let i = cur.at;
  if (spaces) while (i < end && b[i] === 32) i++;
  let h = 0, n = 0;
  for (; i < end && n < 3; i++) { const c = b[i]! - 48; if (c < 0 || c > 9) break; h = h * 10 + c; n++; }
  if (n < 1 || n > 2 || end - i < 6 || b[i] !== 58 || b[i + 3] !== 58) return NaN;
  const m1 = b[i + 1]! - 48, m2 = b[i + 2]! - 48, s1 = b[i + 4]! - 48, s2 = b[i + 5]! - 48;
  if (!(m1 >= 0 && m1 <= 5 && m2 >= 0 && m2 <= 9 && s1 >= 0 && s1 <= 5 && s2 >= 0 && s2 <= 9 && h <= 23)) return NaN;
  i += 6;
  let frac = 0;
  if (i < end && b[i] === 46) {
    i++;
    const from = i;
    for (; i < end && i - from < 7; i++) { const c = b[i]! - 48; if (c < 0 || c > 9) break; frac = frac * 10 + c; }
    const digits = i - from;
    if (digits < 1 || digits > 6) return NaN;
    if (!unpadded) frac *= POW10[6 - digits]!;
  }
  const next = close(b, i, end, sep, last, spaces);
  if (next < 0) return NaN;
  cur.at = next;
  return ((h * 60 + (m1 * 10 + m2)) * 60 + (s1 * 10 + s2)) * 1e6 + frac;
}

/** Two digits at b[i], b[i + 1] as a number, or −1. */
function two(b: Uint8Array, i: number): number {
  const x = b[i]! - 48, y = b[i + 1]! - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/**
 * A trade CSV time (tickCsv.ts parseTickTime) of the plain shapes, no spaces: integer µs since 1970
 * (1–16 digits, no sign, a safe integer), or "YYYY-MM-DDTHH:MM:SS" (`/` for `-` as parseDateDays
 * allows, year ≥ 100), an optional dot and 1–9 digits (a decimal fraction, truncated to µs), then
 * `Z`/`z` or ±HH:MM (HH ≤ 18, MM ≤ 59): µs UTC, exactly parseTickTime's value. NaN otherwise.
 */
export function tickTimeField(b: Uint8Array, end: number, sep: number, last: boolean): number {
  let i = cur.at;
  const from = i;
  let v = 0;
  for (; i < end && i - from < 17; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  const n = i - from;
  if (n === 0) return NaN;
  const c = i < end ? b[i]! : sep;
  if (c === sep && n <= 16) {
    // all digits: µs (an inexact sum is above 2^53 − 1 as Number's reading is: refused by both)
    if (!(v <= Number.MAX_SAFE_INTEGER)) return NaN;
    const next = close(b, i, end, sep, last, false);
    if (next < 0) return NaN;
    cur.at = next;
    return v;
  }
  if (n !== 4 || end - from < 20) return NaN;
  const ds = b[from + 4];
  if ((ds !== 45 && ds !== 47) || b[from + 7] !== ds || b[from + 10] !== 84) return NaN;
  const y = v, m = two(b, from + 5), d = two(b, from + 8);
  if (y < 100 || m < 1 || m > 12 || d < 1 || d > 31 || (d > 28 && d > monthDays(y, m))) return NaN;
  const h = two(b, from + 11), mi = two(b, from + 14), s = two(b, from + 17);
  if (b[from + 13] !== 58 || b[from + 16] !== 58 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return NaN;
  i = from + 19;
  let frac = 0;
  if (i < end && b[i] === 46) {
    i++;
    const f0 = i;
    for (; i < end && i - f0 < 10; i++) {
      const x = b[i]! - 48;
      if (x < 0 || x > 9) break;
      if (i - f0 < 6) frac = frac * 10 + x;
    }
    const digits = i - f0;
    if (digits < 1 || digits > 9) return NaN;
    if (digits < 6) frac *= POW10[6 - digits]!;
  }
  if (i >= end) return NaN;
  let offMin = 0;
  const z = b[i]!;
  if (z === 90 || z === 122) i++;
  else if (z === 43 || z === 45) {
    const hh = two(b, i + 1), mm = two(b, i + 4);
    if (end - i < 6 || b[i + 3] !== 58 || hh < 0 || hh > 18 || mm < 0 || mm > 59) return NaN;
    offMin = (z === 45 ? -1 : 1) * (hh * 60 + mm);
    i += 6;
  } else return NaN;
  const next = close(b, i, end, sep, last, false);
  if (next < 0) return NaN;
  cur.at = next;
  return civilDays(y, m, d) * 86400e6 + (((h * 60 + mi) * 60 + s) * 1e6 + frac) - offMin * 60e6;
}
