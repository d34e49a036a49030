/**
 * The names each door exports, read from the source with the TypeScript checker (types included), keyed
 * by import specifier (`referral-kit`, `referral-kit/adapter`, ...). The doors are the `exports` of
 * package.json, built from the sources in tsup.config.ts.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { libraryEntries } from "../../tsup.config.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Door specifier -> exported names. */
export function publicNames(): Map<string, Set<string>> {
  const doors = Object.entries(libraryEntries).map(([entry, source]) => ({
    specifier: entry === "index" ? "referral-kit" : `referral-kit/${entry}`,
    file: `${root}${source}`,
  }));
  const program = ts.createProgram(
    doors.map((door) => door.file),
    {
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: true,
      types: ["node"],
      strict: true,
    },
  );
  const checker = program.getTypeChecker();
  const names = new Map<string, Set<string>>();
  for (const door of doors) {
    const source = program.getSourceFile(door.file);
    const symbol = source && checker.getSymbolAtLocation(source);
    names.set(door.specifier, new Set(symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []));
  }
  return names;
}
