/**
 * Counts the public names of every door from the built type declarations (`npm run build` first): for each
 * `exports` entry of package.json, the names its ESM `.d.ts` exports. Prints one line per door and the total.
 *
 * Usage: `tsx scripts/count-public-api.ts [--json]`
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

type ExportEntry = { import?: { types?: string } };

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  exports: Record<string, ExportEntry | string>;
};

const doors = Object.entries(pkg.exports).flatMap(([door, entry]) =>
  typeof entry === "object" && entry.import?.types ? [{ door, file: `${root}${entry.import.types}` }] : [],
);

const program = ts.createProgram(
  doors.map((door) => door.file),
  {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  },
);
const checker = program.getTypeChecker();

const counts = doors.map(({ door, file }) => {
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`${file} is missing: run npm run build first`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const names = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol).map((s) => s.name);
  return { door, count: names.length, names: names.sort() };
});

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(counts, null, 2));
} else {
  const width = Math.max(...counts.map((c) => c.door.length));
  for (const { door, count } of counts) console.log(`${door.padEnd(width)}  ${count}`);
  const distinct = new Set(counts.flatMap((c) => c.names)).size;
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  console.log(`${"total".padEnd(width)}  ${total} (${distinct} distinct names)`);
}
