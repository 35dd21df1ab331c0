export { benjaminiHochberg } from "./benjamini-hochberg.js";
export { holm } from "./holm.js";
export { adjustPValues, type PValueEntry, type AdjustedPValue } from "./p-value-ledger.js";
