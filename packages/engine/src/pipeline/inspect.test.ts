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
