import { defineConfig } from "tsup";

// The library doors (one entry per subpath export in package.json), ESM and CJS with types.
const libraryEntries = {
  index: "src/index.ts",
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
