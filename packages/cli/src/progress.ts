/** Progress on stderr, only when stderr is a terminal and the user did not ask for --quiet / --json. */
export class Progress {
  private readonly on: boolean;
  private last = 0;
  constructor(opts: { quiet?: boolean; json?: boolean }) {
    this.on = Boolean(process.stderr.isTTY) && !opts.quiet && !opts.json;
  }
  update(text: string, force = false): void {
    if (!this.on) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    process.stderr.write(`\r\x1b[K${text}`);
  }
  done(text?: string): void {
    if (!this.on) return;
    process.stderr.write(`\r\x1b[K${text ? text + "\n" : ""}`);
  }
}

/** Plain messages for people (suppressed by --quiet and --json). */
export function say(opts: { quiet?: boolean; json?: boolean }, text: string): void {
  if (!opts.quiet && !opts.json) process.stderr.write(text + "\n");
}
