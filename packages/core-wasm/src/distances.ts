// TypeScript face of the "distances" kernel family.
export {};
