/**
 * The YAML the examples use, read without a YAML package: documents split by `---`, block mappings
 * and sequences by indentation, `# comments`, plain and double-quoted scalars (numbers and booleans
 * as such), flow sequences written as JSON (`["tda", "run"]`) and literal blocks (`|`). Anything
 * else is an error, so the test cannot read an example differently from Kubernetes without saying
 * so; when python3 has PyYAML, the test also checks this reading against it.
 */
export function parseYamlSubset(text: string): unknown[] {
  return text.split(/^---[ \t]*$/m).map((doc) => {
    const lines = doc.split("\n").map((raw, i) => ({ raw, no: i + 1 }));
    const p = new Parser(lines);
    const v = p.block(0);
    p.end();
    return v;
  }).filter((d) => d !== undefined);
}

interface Line { raw: string; no: number }

class Parser {
  private at = 0;
  constructor(private readonly lines: Line[]) {}

  /** Next line that holds something (not blank, not a comment), with its indentation. */
  private peek(): { line: Line; indent: number; body: string } | undefined {
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      const body = stripComment(line.raw).trimEnd();
      if (body.trim() === "") { this.at++; continue; }
      return { line, indent: body.length - body.trimStart().length, body: body.trimStart() };
    }
    return undefined;
  }

  end(): void {
    const rest = this.peek();
    if (rest) throw new Error(`yaml line ${rest.line.no}: unexpected "${rest.body}"`);
  }

  /** A mapping or sequence whose lines are indented `indent` (or undefined when there is none). */
  block(indent: number): unknown {
    const first = this.peek();
    if (!first || first.indent < indent) return undefined;
    return first.body.startsWith("- ") || first.body === "-" ? this.sequence(first.indent) : this.mapping(first.indent);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let n = this.peek(); n && n.indent === indent && (n.body.startsWith("- ") || n.body === "-"); n = this.peek()) {
      const rest = n.body.slice(1).trimStart();
      if (rest === "") { this.at++; out.push(this.block(indent + 1)); continue; }
      // "- key: value" opens a mapping whose keys sit at the item's content column
      const col = indent + (n.body.length - rest.length);
      this.lines[this.at] = { raw: " ".repeat(col) + rest, no: n.line.no };
      out.push(/^[\w.-]+:( |$)/.test(rest) ? this.mapping(col) : this.scalarLine(rest, n.line));
    }
    return out;
  }

  private scalarLine(text: string, line: Line): unknown {
    this.at++;
    return scalar(text, line.no);
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let n = this.peek(); n && n.indent === indent; n = this.peek()) {
      const m = /^([\w./-]+):(?: (.*))?$/.exec(n.body);
      if (!m) throw new Error(`yaml line ${n.line.no}: expected "key: value", got "${n.body}"`);
      this.at++;
      const [, key, value = ""] = m;
      if (value === "|") out[key!] = this.literal(indent);
      else if (value !== "") out[key!] = scalar(value, n.line.no);
      else out[key!] = this.block(indent + 1) ?? this.block(indent) ?? null; // a sequence may sit at the key's column
    }
    return out;
  }

  /** A literal block: the following lines indented more than the key, their common indentation removed, one final newline. */
  private literal(indent: number): string {
    const body: string[] = [];
    let cut = -1;
    while (this.at < this.lines.length) {
      const raw = this.lines[this.at]!.raw;
      const ind = raw.length - raw.trimStart().length;
      if (raw.trim() !== "" && ind <= indent) break;
      if (raw.trim() !== "" && cut < 0) cut = ind;
      body.push(raw);
      this.at++;
    }
    while (body.length && body[body.length - 1]!.trim() === "") body.pop();
    return body.map((l) => l.slice(cut)).join("\n") + "\n";
  }
}

function stripComment(raw: string): string {
  let q = false;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '"' && raw[i - 1] !== "\\") q = !q;
    if (!q && raw[i] === "#" && (i === 0 || /\s/.test(raw[i - 1]!))) return raw.slice(0, i);
  }
  return raw;
}

function scalar(text: string, no: number): unknown {
  const t = text.trim();
  if (t.startsWith("[") || t.startsWith('"')) {
    try {
      return JSON.parse(t);
    } catch {
      throw new Error(`yaml line ${no}: expected a JSON-style flow sequence or double-quoted string, got ${t}`);
    }
  }
  if (t.startsWith("{") || t.startsWith("'") || t.startsWith("&") || t.startsWith("*") || t.startsWith(">")) {
    throw new Error(`yaml line ${no}: "${t}" is outside the YAML subset this reader knows`);
  }
  if (t === "true" || t === "false") return t === "true";
  if (t === "null" || t === "~") return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}
