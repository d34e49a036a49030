import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { libraryEntries } from "../tsup.config.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, unknown>;
};

describe("package doors", () => {
  it("has one export per build entry, and one build entry per export", () => {
    const fromExports = Object.keys(pkg.exports)
      .filter((key) => key !== "./package.json")
      .map((key) => (key === "." ? "index" : key.slice(2)))
      .sort();
    expect(fromExports).toEqual(Object.keys(libraryEntries).sort());
  });

  it("builds every entry from a source file that exists", () => {
    for (const source of Object.values(libraryEntries))
      expect(existsSync(new URL(`../${source}`, import.meta.url))).toBe(true);
  });

  it("exports a named list from every door, never `export *`", () => {
    for (const source of Object.values(libraryEntries)) {
      const text = readFileSync(new URL(`../${source}`, import.meta.url), "utf8");
      expect({ source, star: /^export\s+(type\s+)?\*/m.test(text) }).toEqual({ source, star: false });
    }
  });

  it("documents every door in the API reference (typedoc entry points), and nothing else", () => {
    const typedoc = JSON.parse(readFileSync(new URL("../typedoc.json", import.meta.url), "utf8")) as {
      entryPoints: string[];
    };
    expect([...typedoc.entryPoints].sort()).toEqual(Object.values(libraryEntries).sort());
  });

  it("exports every reference adapter under adapters/<platform>", () => {
    const adapters = readdirSync(new URL("../adapters/", import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_"))
      .map((entry) => `adapters/${entry.name}`);
    for (const adapter of adapters) expect(libraryEntries).toHaveProperty([adapter]);
  });

  it("has the reconcile door, built from an explicit list of named exports", () => {
    expect(pkg.exports).toHaveProperty(["./reconcile"]);
    expect(libraryEntries.reconcile).toBe("src/reconcile/index.ts");
    const source = readFileSync(new URL("../src/reconcile/index.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/export \*/);
  });
});
