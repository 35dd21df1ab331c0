import { describe, expect, it } from "vitest";
import { mergeNotices } from "./runPipeline.js";

describe("mergeNotices", () => {
  it("joins one message across contracts and keeps distinct ones apart", () => {
    expect(mergeNotices([
      { contract: "ESH24", notices: ["strength unavailable — ESH24 (3 inversions)", "levels: no footprint — spread evenly", "17 signals without outcome", "file ESH24.txt: 5 bars"] },
      { contract: "ESM24", notices: ["strength unavailable — ESM24 (4 inversions)", "levels: no footprint — spread evenly", "12 signals without outcome"] },
    ])).toEqual([
      "strength unavailable — ESH24 (3 inversions), ESM24 (4 inversions)",
      "levels: no footprint — spread evenly — ESH24, ESM24",
      "17 signals without outcome — ESH24",
      "file ESH24.txt: 5 bars",
      "12 signals without outcome — ESM24",
    ]);
  });
});
