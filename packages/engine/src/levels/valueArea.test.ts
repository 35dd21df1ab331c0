import { describe, expect, it } from "vitest";
import { pointOfControl, profileShape, valueArea } from "./valueArea.js";
import { valueAreasOverlap } from "./composites.js";

const shapeParams = { thinRatio: 0.3, pShape: 0.65, bShape: 0.35 };

describe("point of control", () => {
  it("the row with the most TPOs", () => {
    expect(pointOfControl([1, 3, 7, 2])).toBe(2);
  });
  it("ties → the row nearest the middle of the profile", () => {
    // 5 rows, middle row 2: candidates 0 (2 away), 1 (1 away), 4 (2 away) → row 1
    expect(pointOfControl([4, 4, 1, 1, 4])).toBe(1);
  });
  it("ties at equal distance from the middle → the lower row", () => {
    // 3 rows, middle row 1: rows 0 and 2 hold 4 each, both 1 away → row 0
    expect(pointOfControl([4, 1, 4])).toBe(0);
    // 10 rows, middle 4.5: rows 4 and 5 both ½ away → row 4
    expect(pointOfControl(new Array(10).fill(1))).toBe(4);
  });
  it("an all-zero profile (no volume) has its POC at the middle", () => {
    expect(pointOfControl([0, 0, 0])).toBe(1);
  });
});

describe("value area, Dalton's two-row method", () => {
  it("single row: the row itself", () => {
    expect(valueArea([5])).toEqual({ poc: 0, val: 0, vah: 0, area: 5, total: 5 });
  });

  it("flat profile of 10 rows: upper side wins every tie, then the lower side when the top is reached", () => {
    // POC row 4. Total 10 → need 100·area ≥ 700, i.e. 7 rows.
    // 1) up {5,6}=2 vs down {3,2}=2 → tie → up: [4,6], 3
    // 2) up {7,8}=2 vs down {3,2}=2 → up: [4,8], 5
    // 3) up {9}=1 (one row left) vs down {3,2}=2 → down: [2,8], 7 → 700 < 700 is false, stop
    expect(valueArea(new Array(10).fill(1))).toEqual({ poc: 4, val: 2, vah: 8, area: 7, total: 10 });
  });

  it("POC on the top row (one-row edge): only the lower side can grow", () => {
    // [1,2,3,9]: POC row 3, area 9, total 15 → need 10.5; up has no rows → down {2,1} = 5 → [1,3], 14
    expect(valueArea([1, 2, 3, 9])).toEqual({ poc: 3, val: 1, vah: 3, area: 14, total: 15 });
  });

  it("fewer than two rows left below: one row is compared as it is", () => {
    // [5,9,1,1,1]: POC row 1, area 9, total 17 → need 11.9; up {2,3} = 2 vs down {0} = 5 → down: [0,1], 14
    expect(valueArea([5, 9, 1, 1, 1])).toEqual({ poc: 1, val: 0, vah: 1, area: 14, total: 17 });
    // and one row left above: [1,1,1,9,5] mirrors it: up {4} = 5 vs down {2,1} = 2 → up: [3,4]
    expect(valueArea([1, 1, 1, 9, 5])).toEqual({ poc: 3, val: 3, vah: 4, area: 14, total: 17 });
  });

  it("ties on both sides: upper first, then upper again with its single remaining row", () => {
    // [3,1,2,10,2,1,3]: POC row 3 (10), total 22 → need 15.4
    // up {4,5} = 3 vs down {2,1} = 3 → tie → up: [3,5], 13
    // up {6} = 3 vs down {2,1} = 3 → tie → up: [3,6], 16 → stop
    expect(valueArea([3, 1, 2, 10, 2, 1, 3])).toEqual({ poc: 3, val: 3, vah: 6, area: 16, total: 22 });
  });

  it("the 70% test is exact with integers: exactly 70% stops", () => {
    // [3,7]: POC row 1 holds 7 of 10 → 700 < 700 is false → value area is the POC row alone
    expect(valueArea([3, 7])).toEqual({ poc: 1, val: 1, vah: 1, area: 7, total: 10 });
    // [4,6]: 600 < 700 → the only side left (down) is added
    expect(valueArea([4, 6])).toEqual({ poc: 1, val: 0, vah: 1, area: 10, total: 10 });
  });

  it("one side exhausted: the other is added two rows at a time", () => {
    // [1,1,1,1,1,1,20]: POC row 6 (top); total 26 → need 18.2; 20 ≥ 18.2 already → POC alone
    expect(valueArea([1, 1, 1, 1, 1, 1, 20])).toEqual({ poc: 6, val: 6, vah: 6, area: 20, total: 26 });
    // [2,2,2,2,2,10]: total 20 → 14; down {4,3}=4 → 14 → stop at [3,5]
    expect(valueArea([2, 2, 2, 2, 2, 10])).toEqual({ poc: 5, val: 3, vah: 5, area: 14, total: 20 });
  });

  it("a decimal percentage (param) stops exactly at its boundary", () => {
    // [89,161] at 64.4%: the POC row holds 161 of 250 = 64.4% exactly → not < 64.4% → POC alone
    // (64.4 · 250 is 16100.000000000002 in floating point: the product form would add row 0)
    expect(valueArea([89, 161], 64.4)).toEqual({ poc: 1, val: 1, vah: 1, area: 161, total: 250 });
    expect(valueArea([90, 160], 64.4)).toEqual({ poc: 1, val: 0, vah: 1, area: 250, total: 250 }); // 64% < 64.4%
  });

  it("another percentage (param)", () => {
    // flat 10 rows at 50%: [4,6] holds 3, then [4,8] holds 5 → 500 < 500 false
    expect(valueArea(new Array(10).fill(1), 50)).toEqual({ poc: 4, val: 4, vah: 8, area: 5, total: 10 });
  });
});

describe("profile shape", () => {
  it("one row is D", () => {
    expect(profileShape({ poc: 0, val: 0, vah: 0 }, 1, shapeParams)).toBe("D");
  });
  it("thin when the value area is under 30% of the range", () => {
    // 11 rows (range 10): VA 2 rows apart → 0.2 < 0.3
    expect(profileShape({ poc: 5, val: 4, vah: 6 }, 11, shapeParams)).toBe("thin");
    // exactly 0.3 is not thin
    expect(profileShape({ poc: 5, val: 3, vah: 6 }, 11, shapeParams)).toBe("D");
  });
  it("P when the POC is in the upper 35%, b in the lower 35%, else D", () => {
    expect(profileShape({ poc: 7, val: 3, vah: 9 }, 11, shapeParams)).toBe("P"); // x = 0.7
    expect(profileShape({ poc: 3, val: 1, vah: 7 }, 11, shapeParams)).toBe("b"); // x = 0.3
    expect(profileShape({ poc: 6, val: 3, vah: 8 }, 11, shapeParams)).toBe("D"); // x = 0.6
  });
  it("the P / b thresholds are strict: x exactly 0.65 or 0.35 is D", () => {
    // 21 rows (range 20), value area 2 … 18 (width 16/20 = 0.8, not thin)
    expect(profileShape({ poc: 13, val: 2, vah: 18 }, 21, shapeParams)).toBe("D"); // x = 13/20 = 0.65, not > 0.65
    expect(profileShape({ poc: 14, val: 2, vah: 18 }, 21, shapeParams)).toBe("P"); // x = 0.70
    expect(profileShape({ poc: 7, val: 2, vah: 18 }, 21, shapeParams)).toBe("D"); // x = 7/20 = 0.35, not < 0.35
    expect(profileShape({ poc: 6, val: 2, vah: 18 }, 21, shapeParams)).toBe("b"); // x = 0.30
  });
  it("thin is decided before P / b: a narrow value area at the top is thin, not P", () => {
    // 21 rows: POC 19 (x = 0.95) but VA 18 … 20 is 2/20 = 0.1 < 0.30 of the range
    expect(profileShape({ poc: 19, val: 18, vah: 20 }, 21, shapeParams)).toBe("thin");
    expect(profileShape({ poc: 1, val: 0, vah: 2 }, 21, shapeParams)).toBe("thin");
  });
});

describe("value-area overlap for merging", () => {
  it("2·shared ≥ rows of the narrower, rows inclusive", () => {
    // [100,109] (10 rows) and [105,120]: shared 105…109 = 5 → 10 ≥ 10 → merge
    expect(valueAreasOverlap(100, 109, 105, 120, 0.5)).toBe(true);
    // [100,109] and [106,120]: shared 4 → 8 < 10
    expect(valueAreasOverlap(100, 109, 106, 120, 0.5)).toBe(false);
    // a one-row value area inside the other: shared 1 ≥ 0.5
    expect(valueAreasOverlap(100, 109, 103, 103, 0.5)).toBe(true);
    // touching at one row, narrower has 3 rows: 2 < 3
    expect(valueAreasOverlap(100, 109, 109, 111, 0.5)).toBe(false);
    // disjoint
    expect(valueAreasOverlap(100, 109, 120, 130, 0.5)).toBe(false);
  });
  it("another ratio (param) is compared exactly: 55 shared rows of a 100-row value area are 55%", () => {
    // [100,199] (100 rows) and [145,260]: shared 145…199 = 55 rows → 55 / 100 ≥ 0.55 → merge
    // (0.55 · 100 is 55.00000000000001 in floating point: the product form would refuse this merge)
    expect(valueAreasOverlap(100, 199, 145, 260, 0.55)).toBe(true);
    expect(valueAreasOverlap(100, 199, 146, 260, 0.55)).toBe(false); // 54 rows
  });
});
