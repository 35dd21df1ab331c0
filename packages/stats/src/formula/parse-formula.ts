/**
 * Parse a model formula in the subset of patsy/R syntax this package needs:
 *
 *   "y ~ a*b + c + a:d - 1"
 *
 * `+` adds terms, `a:b` is the interaction (product) term, `a*b` expands to `a + b + a:b`
 * (and `a*b*c` to every non-empty subset), `- 1` or `+ 0` removes the intercept. Terms are kept in
 * the order they first appear, lower-order terms first within an expansion, duplicates removed.
 *
 * @example parseFormula("win ~ x*y").terms // [["x"], ["y"], ["x", "y"]]
 */
export interface ParsedFormula {
  response: string;
  /** Each term is the list of variables multiplied together ([] never appears). */
  terms: string[][];
  intercept: boolean;
}

export function parseFormula(formula: string): ParsedFormula {
  const parts = formula.split("~");
  if (parts.length !== 2) throw new Error(`formula "${formula}" needs exactly one "~"`);
  const response = parts[0]!.trim();
  if (!response) throw new Error(`formula "${formula}" has no response`);
  let intercept = true;
  const terms: string[][] = [];
  const seen = new Set<string>();
  const add = (term: string[]) => {
    const key = [...term].sort().join(":");
    if (!seen.has(key)) {
      seen.add(key);
      terms.push(term);
    }
  };
  const rhs = parts[1]!.replace(/\s+/g, "");
  const tokens = rhs.split(/(?=[+-])/).filter((t) => t.length > 0);
  for (const tok of tokens) {
    const sign = tok[0] === "-" ? "-" : "+";
    const body = tok.replace(/^[+-]/, "");
    if (body === "0" || (body === "1" && sign === "-")) {
      intercept = false;
      continue;
    }
    if (body === "1") {
      intercept = true;
      continue;
    }
    if (sign === "-") throw new Error(`formula "${formula}": removing term "${body}" is not supported`);
    const factors = body.split("*").map((f) => f.split(":").filter(Boolean));
    if (factors.some((f) => f.length === 0)) throw new Error(`formula "${formula}": empty term in "${body}"`);
    // a*b*c: every non-empty subset of the starred factors, by increasing order
    const subsets: string[][] = [];
    const m = factors.length;
    for (let mask = 1; mask < 1 << m; mask++) {
      const vars: string[] = [];
      for (let i = 0; i < m; i++) if (mask & (1 << i)) for (const v of factors[i]!) if (!vars.includes(v)) vars.push(v);
      subsets.push(vars);
    }
    subsets.sort((a, b) => a.length - b.length);
    for (const s of subsets) add(s);
  }
  return { response, terms, intercept };
}
