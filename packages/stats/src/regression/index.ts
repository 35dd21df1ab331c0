export type { Design } from "./design.js";
export { findIntercept } from "./design.js";
export { ols, RankDeficientError, type OlsOptions, type OlsResult } from "./ols.js";
export { logit, SeparationError, type LogitOptions, type LogitResult } from "./logit.js";
export { type CovarianceSpec, covarianceLabel, bartlettWeight, hacMeat, robustCovariance } from "./covariance.js";
export { type CoefficientRow, type CoefficientTable, type WaldTest, coefficientTable } from "./coefficient-table.js";
export { type ConditionNumber, conditionNumber, COLLINEARITY_WARNING } from "./condition-number.js";
export { householderQR, solveLeastSquares, type QR } from "./householder-qr.js";
