import { defineConfig } from "tsup";

/**
 * The library doors: one entry per subpath export in package.json (test/package-exports.test.ts keeps
 * the two in step). Key = output path under dist/, value = source file.
 */
export const libraryEntries: Record<string, string> = {
  index: "src/index.ts",
  registry: "src/registry/index.ts",
  adapter: "src/adapter/index.ts",
  compliance: "src/compliance/index.ts",
  dispatch: "src/dispatch/index.ts",
  mirrors: "src/mirrors/index.ts",
  reconcile: "src/reconcile/index.ts",
  testing: "src/testing/index.ts",
  "testing/vitest": "src/testing/vitest/index.ts",
  transparency: "src/transparency/index.ts",
  verify: "src/verify/index.ts",
  "adapters/facebook": "adapters/facebook/index.ts",
  "adapters/instagram": "adapters/instagram/index.ts",
  "adapters/whatsapp": "adapters/whatsapp/index.ts",
  "adapters/tiktok": "adapters/tiktok/index.ts",
  "adapters/x": "adapters/x/index.ts",
  "adapters/telegram": "adapters/telegram/index.ts",
  "adapters/email": "adapters/email/index.ts",
  "adapters/manual": "adapters/manual/index.ts",
};

export default defineConfig([
  {
    entry: libraryEntries,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    target: "node20",
    splitting: true,
    treeshake: true,
  },
  {
    // The command line is ESM only: it uses top-level await and is never require()d.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    target: "node20",
    splitting: false,
  },
]);
