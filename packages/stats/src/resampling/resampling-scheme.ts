/**
 * The resampling scheme of a bootstrap test, as a setting: the stationary bootstrap with a mean
 * block length, or whole sessions (given by the first row of each).
 */
import { mulberry32 } from "../thresholds/prng.js";
import { type Resampler, sessionResampler, stationaryMulberryResampler } from "./resampler.js";

export type ResamplingScheme =
  | { kind: "stationary"; meanBlockLength: number }
  | { kind: "sessions"; sessionStarts: Int32Array };

export function makeResampler(scheme: ResamplingScheme, n: number, seed: number): Resampler {
  // the stationary scheme with mulberry32 inline: the same draws as stationaryResampler(n, L, mulberry32(seed))
  if (scheme.kind === "stationary") return stationaryMulberryResampler(n, scheme.meanBlockLength, seed);
  if (scheme.kind === "sessions") return sessionResampler(scheme.sessionStarts, n, mulberry32(seed));
  throw new RangeError(`resampling: unknown scheme ${JSON.stringify((scheme as { kind: unknown }).kind)} ("stationary" or "sessions")`);
}

