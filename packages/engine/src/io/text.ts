/**
 * Hot-path text helpers shared by the readers and writers: number parsing without regex or `split`,
 * and price formatting. Atomic writing lives in atomicWrite.ts.
 */

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses the decimal number in `s[start, end)` (surrounding spaces allowed): `-12`, `4347.75`,
 * `+.5`. Returns NaN for anything else (empty, letters, exponents fall back to `Number`).
 * Exact: digits/10^k is one correctly rounded division, identical to `Number(text)` while the
 * mantissa stays below 2^53.
 */
export function parseNumber(s: string, start = 0, end = s.length): number {
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  if (start === end) return NaN;
  let i = start;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 45 /* - */) { neg = true; i++; } else if (c0 === 43 /* + */) i++;
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (dot) frac++;
    } else if (c === 46 /* . */ && !dot) {
      dot = true;
    } else {
      return slowNumber(s, start, end);
    }
  }
  if (digits === 0) return NaN;
  if (digits > 15 || frac >= POW10.length) return slowNumber(s, start, end);
  const v = frac === 0 ? mant : mant / POW10[frac]!;
  return neg ? -v : v;
}

/**
 * The rare shapes (long mantissas, exponents) checked by one forward scan and handed to `Number`.
 * Not a regex: `^[+-]?(\d+\.?\d*|…)` backtracks over every split of a digit run, so a 64 KiB field
 * of digits with a bad last character took seconds and a 1 MiB one never finished.
 */
function slowNumber(s: string, start: number, end: number): number {
  let i = start;
  const c0 = s.charCodeAt(i);
  if (c0 === 45 || c0 === 43) i++;
  let digits = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) return NaN;
  if (i < end) {
    const e = s.charCodeAt(i);
    if (e !== 101 && e !== 69) return NaN;
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 45 || sign === 43) i++;
    const expStart = i;
    while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === expStart || i !== end) return NaN;
  }
  return Number(s.slice(start, end));
}

/** At most this many characters of a file's text are quoted back in a message. */
export const SHOWN_CHARS = 60;

/**
 * A problem as a message shows it: every quoted piece of the file's text longer than SHOWN_CHARS
 * cut to its start and its length, so a 1 MiB bad field still gives a one-line error. (`[^"]` never
 * crosses a quote, so the scan stays linear.)
 */
export function capQuoted(problem: string): string {
  if (problem.length <= 2 * SHOWN_CHARS) return problem;
  return problem.replace(/"([^"]{61,})"/g, (_m, text: string) => `"${text.slice(0, SHOWN_CHARS)}…" (${text.length} characters)`);
}

/** Non-negative integer in s[start, end) (spaces allowed), or NaN. */
export function parseUint(s: string, start = 0, end = s.length): number {
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  if (start === end || end - start > 15) return NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Start offsets of every field of a separated line, plus one past the end: field k is
 * `line.slice(at[k], at[k+1] - sepLength)`. Reuses `out`.
 */
export function fieldStarts(line: string, sep: string, out: number[]): number {
  // written in place, the length set only when it changes: emptying and refilling the array each
  // line made V8 shrink and regrow its store every row
  let n = 0;
  out[n++] = 0;
  let at = 0;
  for (;;) {
    const next = line.indexOf(sep, at);
    if (next < 0) break;
    at = next + sep.length;
    out[n++] = at;
  }
  out[n++] = line.length + sep.length;
  if (out.length !== n) out.length = n;
  return n - 1;
}

/** "Date Time" of a Sierra export line (its first two fields, trimmed), as the time-order messages quote it. */
export function dateTimeText(line: string): string {
  const f = line.split(",");
  return `${f[0]!.trim()} ${f[1]!.trim()}`;
}

/** `start` moved past leading spaces of s[start, end). */
export function spaceStart(s: string, start: number, end: number): number {
  while (start < end && s.charCodeAt(start) === 32) start++;
  return start;
}

/** `end` moved before trailing spaces of s[start, end). */
export function spaceEnd(s: string, start: number, end: number): number {
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  return end;
}

/** Number of decimals needed to print multiples of a tick size exactly (0.25 → 2, 0.1 → 1). */
export function tickDecimals(tickSize: number): number {
  for (let d = 0; d <= 10; d++) {
    const scaled = tickSize * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9) return d;
  }
  return 10;
}

/** ticks → points text with exactly the tick size's decimals (no float noise). */
export function pointsText(ticks: number, tickSize: number, decimals: number): string {
  return (ticks * tickSize).toFixed(decimals);
}
