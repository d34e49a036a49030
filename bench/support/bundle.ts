/**
 * Builds a benchmark phase into one JavaScript file that plain `node` runs, the way the package ships:
 * referral-kit's own code compiled and bundled, its dependencies (PGlite, ky, zod, ...) loaded from
 * node_modules. A phase run through tsx carries tsx's loader and its compiled sources, about 80 MB of
 * RSS that a deployed dispatcher does not have (bench/RESULTS.md), so memory is measured on this.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Bundles `entry` (a `.ts` file) into `node_modules/.cache/referral-kit-bench/`; resolves the `.mjs` path. */
export async function bundlePhase(entry: string): Promise<string> {
  const outDir = path.join(root, "node_modules", ".cache", "referral-kit-bench");
  const name = path.basename(entry, ".ts");
  await build({
    entry: { [name]: entry },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    config: false,
    silent: true,
    clean: false,
    dts: false,
    sourcemap: false,
    splitting: false,
    tsconfig: path.join(root, "tsconfig.json"),
    outExtension: () => ({ js: ".mjs" }),
  });
  return path.join(outDir, `${name}.mjs`);
}
