/**
 * Small dense linear-algebra helpers for p×p matrices (p = number of coefficients, tens at most).
 * Matrices are arrays of rows. Nothing here touches the n×p design: that is `householder-qr.ts`.
 */

export type Matrix = number[][];

/**
 * Whether the dense kernels of the regressions (Householder QR, XᵀWX of the logit, the Newey–West
 * meat) run in WebAssembly (@tda/core-wasm, f64x2 lanes) or in the plain TypeScript they replace.
 * Both give the same bits (see docs/decisions.md); the switch is for the differential tests and
 * the benches.
 */
export const denseKernels: { wasm: boolean } = { wasm: true };

export function zeros(r: number, c: number): Matrix {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

export function transpose(a: Matrix): Matrix {
  const r = a.length;
  const c = r ? a[0]!.length : 0;
  const t = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j]![i] = a[i]![j]!;
  return t;
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  const r = a.length;
  const k = b.length;
  const c = k ? b[0]!.length : 0;
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const ai = a[i]!;
    const oi = out[i]!;
    for (let m = 0; m < k; m++) {
      const v = ai[m]!;
      if (v === 0) continue;
      const bm = b[m]!;
      for (let j = 0; j < c; j++) oi[j]! += v * bm[j]!;
    }
  }
  return out;
}

/** B · M · Bᵀ scaled by `scale` and symmetrised (the sandwich of a covariance estimator). */
export function sandwichProduct(bread: Matrix, meat: Matrix, scale = 1): Matrix {
  const v = matMul(matMul(bread, meat), transpose(bread));
  const p = v.length;
  for (let i = 0; i < p; i++)
    for (let j = i; j < p; j++) {
      const s = ((v[i]![j]! + v[j]![i]!) / 2) * scale;
      v[i]![j] = s;
      v[j]![i] = s;
    }
  return v;
}

/** Inverse of an upper-triangular matrix by back substitution. */
export function invertUpperTriangular(r: Matrix): Matrix {
  const p = r.length;
  const inv = zeros(p, p);
  for (let j = 0; j < p; j++) {
    inv[j]![j] = 1 / r[j]![j]!;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i]![k]! * inv[k]![j]!;
      inv[i]![j] = -s / r[i]![i]!;
    }
  }
  return inv;
}

/** Solve A x = b for symmetric positive-definite A by Cholesky; null when A is not PD. */
export function choleskySolve(a: Matrix, b: number[]): number[] | null {
  const n = a.length;
  const l = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/**
 * Singular values of a small square matrix by one-sided Jacobi rotations (Hestenes), sorted
 * descending. Accurate to working precision even for ill-conditioned input.
 */
export function singularValues(a: Matrix): number[] {
  const m = a.length;
  const n = m ? a[0]!.length : 0;
  const cols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a[i]![j]!));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const cp = cols[p]!;
        const cq = cols[q]!;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += cp[i]! * cp[i]!;
          beta += cq[i]! * cq[i]!;
          gamma += cp[i]! * cq[i]!;
        }
        if (gamma === 0) continue;
        const c0 = Math.abs(gamma) / Math.sqrt(alpha * beta);
        off = Math.max(off, c0);
        if (c0 < 1e-15) continue;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = cp[i]!;
          const y = cq[i]!;
          cp[i] = c * x - s * y;
          cq[i] = s * x + c * y;
        }
      }
    if (off < 1e-15) break;
  }
  return cols.map((c) => Math.hypot(...c)).sort((x, y) => y - x);
}
