/**
 * Minimal declarations for the parts of jstat 1.9.6 this package uses (jstat ships no types).
 * Only quantile functions and densities are taken from jstat; upper tails are computed in
 * `distributions/` because jstat's `1 − cdf` underflows to 0 in the far tail.
 */
declare module "jstat" {
  interface JStatStatic {
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
      pdf(x: number, mean: number, sd: number): number;
    };
    studentt: {
      inv(p: number, dof: number): number;
      cdf(x: number, dof: number): number;
      pdf(x: number, dof: number): number;
    };
    chisquare: {
      inv(p: number, dof: number): number;
      cdf(x: number, dof: number): number;
      pdf(x: number, dof: number): number;
    };
    centralF: {
      inv(p: number, df1: number, df2: number): number;
      cdf(x: number, df1: number, df2: number): number;
      pdf(x: number, df1: number, df2: number): number;
    };
  }
  const jStat: JStatStatic;
  export default jStat;
}
