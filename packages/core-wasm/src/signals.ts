// TypeScript face of the "signals" kernel family.
export {};
