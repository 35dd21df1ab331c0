import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../config.js";
import { formatInspectReport, inspectInput } from "./inspect.js";

const DATA = new URL("../../../../data/", import.meta.url).pathname;
const ESH24 = join(DATA, "es-5m/ESH24-CME.scid_BarData__5m.txt");
const TAS = join(DATA, "ticks/ES-2022-01-24-tas.txt");

describe("inspect", () => {
  const config = makeConfig();

  it("summarises the real 5-minute file, with what its lack of footprint costs", () => {
    const r = inspectInput(ESH24, config);
    expect(r).toMatchObject({ format: "bar-export", kind: "bars", contract: "ESH24-CME", symbol: "ES", rows: 17117, hasFootprint: false });
    expect(r.first).toBe("2023-12-18T00:00:00.000-06:00");
    expect(r.last).toMatch(/^2024-03-1\dT/);
    expect(r.sessions).toBeGreaterThan(60);
    expect(r.gaps).toEqual([{ missing: "footprint and max/min delta", unavailable: "exhaustion and strong inversion (trapped %)" }]);
    const text = formatInspectReport(r);
    expect(text).toMatch(/no footprint and max\/min delta → exhaustion and strong inversion \(trapped %\) unavailable/);
  });

  it("summarises the real trades: one session, exchange times", () => {
    const r = inspectInput(TAS, config);
    expect(r).toMatchObject({ format: "time-and-sales", kind: "ticks", rows: 2026, sessions: 1, gaps: [] });
    expect(r.first).toBe("2022-01-24T07:30:00.005-06:00");
    expect(r.last).toBe("2022-01-24T07:31:00.955-06:00");
    expect(r.volume).toBeGreaterThan(2026);
  });
});

describe("inspect applies run's checks", () => {
  it("refuses what run refuses, and stops a lenient read past config.lenientMaxSkipShare", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "tda-inspect-"));
    const rows = ["time,price,size,side"];
    for (let k = 0; k < 200; k++) rows.push(`${Date.UTC(2024, 2, 5, 14, 30) * 1000 + k * 1000},${5000 + (k % 8) * 0.25},1,buy`);
    rows[50] = rows[50]!.replace(/,5000(\.\d+)?,/, ",0,"); // price 0
    const path = join(dir, "ESH24.csv");
    writeFileSync(path, rows.join("\n") + "\n");
    expect(() => inspectInput(path, makeConfig())).toThrow(/ESH24\.csv:51:\d+: price: expected a price above 0/);
    const lenient = inspectInput(path, makeConfig({ lenient: true }));
    expect(lenient).toMatchObject({ kind: "ticks", rows: 199, skipped: 1, sessions: 1 });
    expect(() => inspectInput(path, makeConfig({ lenient: true, lenientMaxSkipShare: 0.001 }))).toThrow(/1 of 200 data rows skipped \(0\.5 %\), more than lenientMaxSkipShare allows \(0\.1 %\)/);
  });
});
