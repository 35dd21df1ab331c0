import { describe, expect, it } from "vitest";
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashes } from "../../scripts/golden.mjs";
import { execFileSync } from "node:child_process";

// The packages as a user gets them (slow: packs five tarballs, installs them with npm into a fresh
// project, runs the demo job — about a minute): `pnpm pack` of each package, then `npm install` of the
// five tarballs in an empty project (their other dependencies come from the npm registry), then
// `tda run` on the demo data shipped inside @tda/cli and one call into each library package.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGES = ["core-wasm", "stats", "engine", "report", "cli"] as const;
const PNPM = "pnpm@12.4.2";

/** npm and pnpm started by `npm test` inherit its npm_* variables (the repository as prefix, its package): not for a fresh project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_(config_(local_)?prefix|config_global_prefix|package_|lifecycle_|command)/i.test(k)) env[k] = v;
  return { ...env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", NO_UPDATE_NOTIFIER: "1" };
}

function sh(cmd: string, args: string[], opts: SpawnSyncOptions): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: cleanEnv(), maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${String(opts.cwd)}) exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return String(r.stdout);
}


describe("packages installed one by one from their packed tarballs (slow)", () => {
  it("pack, npm install into a fresh project, tda run on the shipped demo data, import each library", () => {
    for (const p of PACKAGES) {
      const main = join(repo, "packages", p, "dist", "index.js");
      if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test builds; or npx -y ${PNPM} exec turbo run build)`);
    }
    const tmp = mkdtempSync(join(tmpdir(), "tda-pack-"));
    try {
      const packs = join(tmp, "tarballs");
      for (const p of PACKAGES) sh("npx", ["-y", PNPM, "pack", "--pack-destination", packs], { cwd: join(repo, "packages", p) });
      const tarballs = readdirSync(packs).filter((f) => f.endsWith(".tgz")).sort();
      expect(tarballs).toEqual(["tda-cli-0.1.0.tgz", "tda-core-wasm-0.1.0.tgz", "tda-engine-0.1.0.tgz", "tda-report-0.1.0.tgz", "tda-stats-0.1.0.tgz"]);
      // the copy of the demo data made for packing is gone again (postpack)
      expect(existsSync(join(repo, "packages/cli/data"))).toBe(false);

      // what each tarball holds: its package.json, the files it names, nothing it exports is missing
      for (const t of tarballs) {
        const files = execFileSync("tar", ["tzf", join(packs, t)], { encoding: "utf8" }).split("\n").filter(Boolean);
        const pkg = JSON.parse(execFileSync("tar", ["xzf", join(packs, t), "-O", "package/package.json"], { encoding: "utf8" })) as {
          name: string; engines?: { node?: string }; exports: Record<string, Record<string, string>>; dependencies?: Record<string, string>;
        };
        expect(files, t).toContain("package/LICENSE");
        expect(files, t).toContain("package/README.md");
        expect(pkg.engines?.node, t).toBe(">=20.19");
        for (const [, spec] of Object.entries(pkg.dependencies ?? {})) expect(spec, `${t}: ${JSON.stringify(pkg.dependencies)}`).toMatch(/^\d+\.\d+\.\d+/);
        for (const [, conditions] of Object.entries(pkg.exports)) {
          expect(Object.keys(conditions), t).not.toContain("source");
          for (const target of Object.values(conditions)) expect(files, `${t} exports ${target}`).toContain(join("package", target));
        }
        if (pkg.name === "@tda/core-wasm") expect(files).toContain("package/build/core.wasm");
        if (pkg.name === "@tda/cli") {
          expect(files).toContain("package/data/es-5m/ESH24-CME.scid_BarData__5m.txt");
          expect(files).toContain("package/data/LICENSE-Orderflow-MIT.txt"); // the data's notice travels with it
        }
        expect(files.filter((f) => /\.test\.(js|d\.ts)$/.test(f)), t).toEqual([]);
      }

      // a fresh project: only the tarballs, everything else from the registry
      const project = join(tmp, "project");
      sh("mkdir", ["-p", project], {});
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "fresh", private: true, type: "module" }));
      sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs.map((t) => join(packs, t))], { cwd: project });
      expect(readdirSync(join(project, "node_modules/@tda")).sort()).toEqual(["cli", "core-wasm", "engine", "report", "stats"]);

      // tda run with no inputs runs on the demo data the cli package ships: the same outputs as the repository's run
      const out = join(project, "out");
      const summary = JSON.parse(sh(join(project, "node_modules/.bin/tda"), ["run", "--out", out, "--json", "--quiet"], { cwd: project })) as { out: string; contracts: { contract: string }[] };
      expect(summary.out).toBe(out);
      expect(summary.contracts.map((c) => c.contract)).toEqual(["ESH23-CME", "ESM23-CME", "ESU23-CME", "ESZ23-CME", "ESH24-CME", "ESM24-CME", "ESU24-CME", "ESZ24-CME"]);
      const golden = JSON.parse(readFileSync(join(repo, "test/golden/outputs.json"), "utf8")) as { embedded: Record<string, string> };
      const got = hashes(out); // as the golden test hashes them: run.json without its wall-time timings
      expect(got).toEqual(golden.embedded);
      // tda inspect reads the table back
      const inspected = JSON.parse(sh(join(project, "node_modules/.bin/tda"), ["inspect", join(out, "signals.parquet"), "--json"], { cwd: project })) as { kind: string; rows: number };
      expect(inspected.kind).toBe("signals");
      expect(inspected.rows).toBeGreaterThan(1000);

      // the library packages, imported by their names from the fresh project
      writeFileSync(join(project, "use.mjs"), [
        `import { wilsonInterval } from "@tda/stats";`,
        `import { instrument, makeConfig } from "@tda/engine";`,
        `import { barMetrics } from "@tda/core-wasm";`,
        `const w = wilsonInterval(7, 10, 0.95);`,
        `const m = barMetrics({ high: new Float64Array([4]), low: new Float64Array([0]), close: new Float64Array([3]), volume: new Float64Array([10]),`,
        `  delta: new Float64Array([-5]), maxDelta: new Float64Array([2]), minDelta: new Float64Array([-10]), group: new Int32Array([0]) }, 50);`,
        `console.log(JSON.stringify({ wilson: [w.low, w.high], tick: instrument("ES").tickSize, tz: makeConfig().sessions.exchangeTimeZone, deltaPct: m.deltaPct[0], trappedPct: m.trappedPct[0] }));`,
      ].join("\n"));
      const used = JSON.parse(sh(process.execPath, ["use.mjs"], { cwd: project })) as { wilson: number[]; tick: number; tz: string; deltaPct: number; trappedPct: number };
      // Wilson 95% interval of 7/10: (0.3968, 0.8922) (Wilson 1927; p̂ = 0.7, z = 1.95996)
      expect(used.wilson[0]).toBeCloseTo(0.3968, 4);
      expect(used.wilson[1]).toBeCloseTo(0.8922, 4);
      expect(used.tick).toBe(0.25);
      expect(used.tz).toBe("America/Chicago");
      expect(used.deltaPct).toBe(-0.5); // delta / volume
      expect(used.trappedPct).toBe(0.5); // D / minDelta for D < 0 (SPEC §5)
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 240_000);
});
