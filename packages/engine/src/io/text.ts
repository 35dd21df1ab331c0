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

function slowNumber(s: string, start: number, end: number): number {
  const text = s.slice(start, end);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
  return Number(text);
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
  out.length = 0;
  out.push(0);
  let at = 0;
  for (;;) {
    const next = line.indexOf(sep, at);
    if (next < 0) break;
    at = next + sep.length;
    out.push(at);
  }
  out.push(line.length + sep.length);
  return out.length - 1;
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
