export { logGamma, logBeta } from "./log-gamma.js";
export { regularizedBeta, type BetaTails } from "./incomplete-beta.js";
export { regularizedGamma, type GammaTails } from "./incomplete-gamma.js";
export { studentTTwoSidedP, studentTUpperP, studentTQuantile } from "./student-t.js";
export { normalTwoSidedP, normalCdf, normalQuantile } from "./normal.js";
export { chiSquaredUpperP, chiSquaredQuantile } from "./chi-squared.js";
export { fUpperP, fQuantile } from "./f.js";
