// TypeScript face of the "forwardScan" kernel family.
export {};
