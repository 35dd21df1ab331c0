// TypeScript face of the "profiles" kernel family.
export {};
