import { defineConfig } from "vitest/config";

// Every package is a vitest project that runs against its TypeScript sources: the "source" export
// condition maps @tda/* imports to src/ instead of dist/. Only core-wasm's compiled .wasm must exist
// (the test script builds it first).
const conditions = ["source", "node", "import", "default"];
const project = (name: string) => ({
  extends: false as const,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source"] } },
  test: {
    name,
    root: `packages/${name}`,
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      ...["core-wasm", "engine", "stats", "report", "cli"].map(project),
      // Cross-package checks that run the built CLI (test/golden: pinned output hashes).
      { extends: false as const, test: { name: "integration", root: "test", include: ["**/*.test.ts"], testTimeout: 300_000 } },
    ],
  },
});
