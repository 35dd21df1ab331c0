/**
 * Expanding walk-forward over k folds of whole sessions (time order): the S sessions are cut into k
 * consecutive folds, fold j holding sessions ⌊jS/k⌋ … ⌊(j+1)S/k⌋ − 1 (sizes differ by at most one);
 * for j = 1, …, k − 1 the rule is chosen on folds 0 … j − 1 and evaluated on fold j (López de Prado
 * 2018, *Advances in Financial Machine Learning*, §12.2, "walk-forward"). Fold 0 is training only,
 * so k folds give k − 1 out-of-sample results. When no outcome crosses a session boundary the
 * training span never sees the test span's prices, and no purge or embargo (ibid. §7.4) is needed.
 */
export interface WalkForwardFold {
  /** j, the test fold (1 … k − 1). */
  fold: number;
  /** Half-open session ranges [start, end). */
  trainSessions: readonly [number, number];
  testSessions: readonly [number, number];
  /** Half-open row ranges [start, end), from the sessions' first rows. */
  trainRows: readonly [number, number];
  testRows: readonly [number, number];
}

/**
 * @param sessionStarts first row of each session, ascending (`sessionRuns` of the session labels)
 * @param rows total rows
 * @param k folds (default 5); needs at least k sessions
 */
export function walkForwardFolds(sessionStarts: ArrayLike<number>, rows: number, k = 5): WalkForwardFold[] {
  const S = sessionStarts.length;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`walk-forward: folds must be an integer ≥ 2, got ${k}`);
  if (S < k) throw new RangeError(`walk-forward: ${k} folds need at least ${k} sessions, got ${S}`);
  const bound = (j: number) => Math.floor((j * S) / k);
  const rowOf = (s: number) => (s < S ? sessionStarts[s]! : rows);
  const folds: WalkForwardFold[] = [];
  for (let j = 1; j < k; j++) {
    const a = bound(j);
    const e = bound(j + 1);
    folds.push({ fold: j, trainSessions: [0, a], testSessions: [a, e], trainRows: [0, rowOf(a)], testRows: [rowOf(a), rowOf(e)] });
  }
  return folds;
}

export interface WalkForwardStep<C, R> extends WalkForwardFold {
  choice: C;
  result: R;
}

/**
 * Runs a walk-forward: `choose` sees only the training fold (e.g. searches thresholds and returns
 * the best rule), `evaluate` applies that choice to the test fold. Returns every fold's choice and
 * result, in fold order.
 */
export function walkForward<C, R>(
  folds: readonly WalkForwardFold[],
  choose: (train: WalkForwardFold) => C,
  evaluate: (choice: C, test: WalkForwardFold) => R,
): WalkForwardStep<C, R>[] {
  return folds.map((f) => {
    const choice = choose(f);
    return { ...f, choice, result: evaluate(choice, f) };
  });
}
