// TypeScript face of the "rangeBars" kernel family.
export {};
