import { describe, expect, it } from "vitest";
import { mergeNotices } from "./runPipeline.js";

describe("mergeNotices", () => {
  it("joins one message across contracts and keeps distinct ones apart", () => {
    expect(mergeNotices([
      { contract: "ESH24", notices: ["strength unavailable — ESH24 (3 inversions)", "levels: no footprint — spread evenly", "17 signals without outcome", "file ESH24.txt: 5 bars", "last-bar signals: 17"] },
      { contract: "ESM24", notices: ["strength unavailable — ESM24 (4 inversions)", "levels: no footprint — spread evenly", "12 signals without outcome", "last-bar signals: 12"] },
    ])).toEqual([
      "strength unavailable — ESH24 (3 inversions), ESM24 (4 inversions)",
      "levels: no footprint — spread evenly — ESH24, ESM24",
      "17 signals without outcome — ESH24",
      "file ESH24.txt: 5 bars",
      "last-bar signals — ESH24 (17), ESM24 (12)",
      "12 signals without outcome — ESM24",
    ]);
  });
});
