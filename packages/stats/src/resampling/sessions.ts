/**
 * Sessions (clusters) as contiguous runs of equal labels in row order: the first row of each run.
 * Rows must be grouped — a label that reappears after another one is an error, since a session
 * block bootstrap that silently split a session would understate the dependence.
 *
 * @example sessionRuns(["a", "a", "b", "c", "c"]) // Int32Array [0, 2, 3]
 */
export function sessionRuns(labels: ArrayLike<string | number>): Int32Array {
  const starts: number[] = [];
  const seen = new Set<string | number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (i > 0 && v === labels[i - 1]) continue;
    if (seen.has(v))
      throw new RangeError(`sessions: label ${JSON.stringify(v)} at row ${i} reappears after other sessions; rows must be grouped by session`);
    seen.add(v);
    starts.push(i);
  }
  return Int32Array.from(starts);
}
