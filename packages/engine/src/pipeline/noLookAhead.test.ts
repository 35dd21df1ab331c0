import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXTRA_LEVEL_KINDS, makeConfig } from "../config.js";
import { runContract } from "./runContract.js";
import { signalsCsv } from "./signalsTable.js";

const file = fileURLToPath(new URL("../../../../data/es-5m/ESZ23-CME.scid_BarData__5m.txt", import.meta.url));

/**
 * What is known at session s must not depend on data after it. Cut the file right before session s
 * starts (its 08:30 bar): every row of the sessions before s — metrics, signals, levels, scenarios and
 * outcomes (which never leave their session) — must be byte-identical to the full run's, and the
 * levels known at the start of the first cut-off session must be the same.
 */
for (const extra of [false, true]) describe(`no look-ahead through the whole pipeline (real ESZ23 bars)${extra ? ", every extra level kind on" : ""}`, () => {
  const cfg = makeConfig(extra ? { levels: { extraKinds: [...EXTRA_LEVEL_KINDS] } } : {});
  const full = runContract(file, cfg);
  const csvRows = (table: Parameters<typeof signalsCsv>[0]) => [...signalsCsv(table)].join("").trimEnd().split("\n");
  const fullRows = csvRows(full.result.table);
  const lines = readFileSync(file, "utf8").split("\n");
  const dir = mkdtempSync(join(tmpdir(), "tda-nla-"));

  for (const s of [3, 17, 40, 60]) {
    it(`cut before session ${s} (${full.market.sessions[s]!.name})`, () => {
      const session = full.market.sessions[s]!;
      // same file name in its own folder, so the contract column names the same contract
      mkdirSync(join(dir, `cut${s}`));
      const cutFile = join(dir, `cut${s}`, basename(file));
      // bar k of the table is line k + 2 of the file (header first, no blank lines in between)
      writeFileSync(cutFile, lines.slice(0, session.start + 1).join("\n") + "\n");
      const cut = runContract(cutFile, cfg);
      expect(cut.market.bars.length).toBe(session.start);
      const rows = csvRows(cut.result.table);
      const sessionCol = rows[0]!.split(",").indexOf("session");
      const before = fullRows.filter((r, k) => k === 0 || r.split(",")[sessionCol]! < session.name);
      expect(rows.length).toBeGreaterThan(10);
      expect(rows).toEqual(before);
      // the levels known at the start of session s−1 (the last one kept) are the same in both runs
      const last = cut.market.sessions.length - 1;
      expect(cut.levels.sessions[last]!.levels).toEqual(full.levels.sessions[last]!.levels);
      if (extra && s === 60) expect(full.levels.sessions.some((x) => x.levels.some((l) => l.kind === "naked_poc"))).toBe(true);
    });
  }
});
