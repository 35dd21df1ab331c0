import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { makeConfig, readArrow, readInput, SessionBarStream } from "@tda/engine";
import { runQuietly } from "../testing.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const ticks = join(repo, "data/ticks/ES-2022-01-24-tas.txt");

describe("tda bars --out x.arrow: the typed convention of signals.arrow", () => {
  it("zoned µs timestamps, a session date, dictionary text, units and the config in the metadata; reads back exactly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-bars-arrow-"));
    const out = join(dir, "ES-tas-8tick.arrow");
    const r = await runQuietly(["bars", ticks, "--out", out, "-q"]);
    expect(r.code, r.err).toBe(0);

    const t = tableFromIPC(readFileSync(out));
    const types = Object.fromEntries(t.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      time: "Timestamp<MICROSECOND, America/Chicago>", lastTime: "Timestamp<MICROSECOND, America/Chicago>", session: "Date32<DAY>",
      contract: "Dictionary<Int32, Utf8>", open: "Int32", high: "Int32", low: "Int32", close: "Int32",
      volume: "Int32", trades: "Int32", bidVolume: "Int32", askVolume: "Int32", delta: "Int32", maxDelta: "Int32", minDelta: "Int32",
      "footprint.price": "List<Int32>", "footprint.bidVolume": "List<Float64>", "footprint.askVolume": "List<Float64>",
    });
    const meta = t.schema.metadata;
    expect(meta.get("tda.kind")).toBe("bars");
    expect(meta.get("tda.timeZone")).toBe("America/Chicago");
    expect(meta.get("tda.tickSize")).toBe("0.25");
    expect(meta.get("tda.version")).toMatch(/^\d+\.\d+\.\d+/);
    expect((JSON.parse(meta.get("tda.config")!) as { bars: { kind: string; size: number } }).bars).toMatchObject({ kind: "range", size: 8 });
    expect(t.schema.fields.find((f) => f.name === "open")!.metadata.get("tda.unit")).toBe("ticks");

    // the first trade of the sample is 13:30:00.005 UTC (time and sales are UTC, SPEC §3.4) = 07:30 CST;
    // before Monday 08:30 it belongs to the session it continues, Friday 2022-01-21 (SPEC §1)
    const first = t.get(0)!.toJSON() as Record<string, unknown>;
    expect(first.time).toBe(Date.UTC(2022, 0, 24, 13, 30, 0, 5));
    expect(first.session).toBe(Date.UTC(2022, 0, 21));
    expect(first.contract).toBe("ES-2022-01-24-tas");
    for (let i = 0; i < t.numRows; i++) {
      const row = t.get(i)!.toJSON() as Record<string, number>;
      expect(row.delta).toBe(row.askVolume - row.bidVolume);
      expect(row.high - row.low).toBeLessThanOrEqual(8); // 8-tick range bars
    }

    // the io reader (tda run's Arrow input) gets exactly the bars built in-process back
    const cfg = makeConfig();
    const stream = new SessionBarStream(cfg);
    readInput(ticks, { tickSize: 0.25, sourceTimeZone: cfg.sourceTimeZone, exchangeTimeZone: cfg.sessions.exchangeTimeZone, lenient: false, sink: { chunkTicks: 1 << 16, onChunk: (c) => stream.push(c) } });
    const built = stream.finish();
    const back = readArrow(out, { tickSize: 0.25 }).bars!;
    expect(back.length).toBe(built.length);
    for (const k of ["time", "lastTime", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta", "maxDelta", "minDelta"] as const) {
      expect([...back[k]], k).toEqual([...built[k].subarray(0, built.length)]);
    }
    expect([...back.footprint!.offset]).toEqual([...built.footprint!.offset.subarray(0, built.length + 1)]);
    expect([...back.footprint!.price]).toEqual([...built.footprint!.price.subarray(0, back.footprint!.price.length)]);

    // tda inspect and tda run read it
    const write = process.stdout.write.bind(process.stdout);
    let text = "";
    process.stdout.write = ((s: string) => { text += s; return true; }) as typeof process.stdout.write;
    try {
      expect((await runQuietly(["inspect", out, "--json"])).code).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(JSON.parse(text)).toMatchObject({ format: "arrow", kind: "bars", rows: t.numRows, hasFootprint: true, sessions: 1 });
    const run = await runQuietly(["run", out, "--out", join(dir, "run"), "-q"]);
    expect(run.code, run.err).toBe(0);
  });
});
