/**
 * Type-checks every door of the packed package the way a consumer's project does: `skipLibCheck: false`,
 * strict, as ESM and as CommonJS under `node16` and `node20`, and under `bundler`. The consumer project holds the
 * tarball's files, the package's declared dependencies, zod (a peer) and @types/node, and nothing else:
 * so a door whose types name an optional driver (`pg`, PGlite, nodemailer) fails here. The testing doors
 * are checked in a second pass with their peers (msw, vitest) added. Under `node10` only the root door can
 * resolve (no `exports` support); the script prints what node10 gets and does not judge it.
 *
 * The packages are linked from this repository's node_modules, so the check needs no network.
 *
 * Usage: `tsx scripts/consumer-types.ts <referral-kit-x.y.z.tgz>`
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const tarball = process.argv[2];
if (!tarball) {
  console.error("usage: tsx scripts/consumer-types.ts <tarball>");
  process.exit(2);
}

const consumer = mkdtempSync(join(tmpdir(), "rk-consumer-"));
const modules = join(consumer, "node_modules");
const installed = join(modules, "referral-kit");
mkdirSync(installed, { recursive: true });
execFileSync("tar", ["-xzf", resolve(tarball), "-C", installed, "--strip-components=1"]);

const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
};

function link(name: string): void {
  const target = join(modules, name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(root, "node_modules", name), target, "dir");
}
for (const name of [...Object.keys(pkg.dependencies ?? {}), "zod", "@types/node"]) link(name);

const doors = Object.keys(pkg.exports)
  .filter((door) => door !== "./package.json")
  .map((door) => (door === "." ? pkg.name : `${pkg.name}/${door.slice(2)}`));
const needsTestPeers = (specifier: string) => specifier.startsWith(`${pkg.name}/testing`);

/** A module that imports every given door and uses each, so none is elided. */
function importer(specifiers: readonly string[]): string {
  const lines = specifiers.map((specifier, index) => `import * as door${index} from "${specifier}";`);
  lines.push(`export const doors = [${specifiers.map((_, index) => `door${index}`).join(", ")}];`);
  return `${lines.join("\n")}\n`;
}

const common: ts.CompilerOptions = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  types: ["node"],
  typeRoots: [join(modules, "@types")],
};

const configurations: { name: string; files: string[]; options: ts.CompilerOptions }[] = [
  {
    name: "node16 (ESM and CommonJS)",
    files: ["esm.ts", "cjs.cts"],
    options: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
  },
  {
    // Node 20.19 (the package's floor) can require() ES modules; TypeScript models that from 5.9 on.
    name: "node20 (ESM and CommonJS)",
    files: ["esm.ts", "cjs.cts"],
    options: { module: ts.ModuleKind.Node20, moduleResolution: ts.ModuleResolutionKind.Node16 },
  },
  {
    name: "bundler",
    files: ["esm.ts"],
    options: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
  },
];

let failures = 0;
function check(pass: string, specifiers: readonly string[], skip: Record<string, string> = {}): void {
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module" }));
  writeFileSync(join(consumer, "esm.ts"), importer(specifiers));
  writeFileSync(join(consumer, "cjs.cts"), importer(specifiers));
  for (const { name, files, options } of configurations) {
    if (skip[name]) {
      console.log(`skip ${pass}, ${name}: ${skip[name]}`);
      continue;
    }
    const program = ts.createProgram(
      files.map((file) => join(consumer, file)),
      { ...common, ...options },
    );
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const label = `${pass}, ${name}: ${specifiers.length} doors`;
    if (diagnostics.length === 0) {
      console.log(`ok   ${label}`);
      continue;
    }
    failures += diagnostics.length;
    console.log(`FAIL ${label}, ${diagnostics.length} errors`);
    console.log(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (file) => file,
        getCurrentDirectory: () => consumer,
        getNewLine: () => "\n",
      }),
    );
  }
}

try {
  check(
    "without optional peers",
    doors.filter((door) => !needsTestPeers(door)),
  );
  link("msw");
  link("vitest");
  check("testing doors with msw and vitest", doors.filter(needsTestPeers), {
    "node16 (ESM and CommonJS)":
      "msw's own types import the ESM-only `rettime`, which a CommonJS file under node16 cannot; node20 can",
  });

  // node10 knows no `exports`: report which doors it can resolve at all.
  const node10 = doors.filter((specifier) => {
    const found = ts.resolveModuleName(
      specifier,
      join(consumer, "esm.ts"),
      { moduleResolution: ts.ModuleResolutionKind.Node10 },
      ts.sys,
    );
    return found.resolvedModule !== undefined;
  });
  console.log(
    `info node10 resolves ${node10.length} of ${doors.length} doors: ${node10.join(", ") || "none"}`,
  );
} finally {
  rmSync(consumer, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`${failures} type errors in a consumer project`);
  process.exit(1);
}
