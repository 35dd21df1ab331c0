/**
 * CME contract specifications (SPEC §1). The seed's "$50/tick" is read as $50 per *point*:
 * an ES point is 4 ticks of 0.25, and CME pays $12.50 per tick.
 */
export interface Instrument {
  symbol: string;
  tickSize: number;
  tickValue: number; // $ per tick
  pointValue: number; // $ per point
}

export const INSTRUMENTS: Readonly<Record<string, Instrument>> = Object.freeze({
  ES: { symbol: "ES", tickSize: 0.25, tickValue: 12.5, pointValue: 50 },
  MES: { symbol: "MES", tickSize: 0.25, tickValue: 1.25, pointValue: 5 },
  NQ: { symbol: "NQ", tickSize: 0.25, tickValue: 5, pointValue: 20 },
  MNQ: { symbol: "MNQ", tickSize: 0.25, tickValue: 0.5, pointValue: 2 },
});

export function instrument(symbol: string): Instrument {
  const spec = INSTRUMENTS[symbol.toUpperCase()];
  if (!spec) throw new Error(`unknown instrument "${symbol}" (known: ${Object.keys(INSTRUMENTS).join(", ")})`);
  return spec;
}

/** Guesses the root symbol from a contract or file name: "ESH24-CME.scid_BarData…" → "ES", "MNQZ4" → "MNQ". */
export function symbolFromName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop()!.toUpperCase();
  for (const sym of ["MNQ", "MES", "NQ", "ES"]) {
    if (new RegExp(`^${sym}[FGHJKMNQUVXZ]\\d{1,4}`).test(base) || base.startsWith(`${sym}_`) || base.startsWith(`${sym}-`)) return sym;
  }
  return undefined;
}

/** Price in points → integer ticks (rounded: exports print prices with float noise). */
export function toTicks(price: number, tickSize: number): number {
  return Math.round(price / tickSize);
}

/** Integer ticks → points. */
export function toPoints(ticks: number, tickSize: number): number {
  return ticks * tickSize;
}
