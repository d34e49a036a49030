/**
 * `scripts/long-functions.ts` is the check behind the "no function over about 150 lines" rule, run by
 * `npm run lint`: these tests fail if it stops finding a long function, names it wrongly, or stops failing
 * the command.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeLongFunction, longFunctions } from "../../scripts/long-functions.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** `lines` lines in all: a header, `lines - 2` statements, a closing brace. */
const body = (header: string, lines: number, indent = "  ") =>
  [
    header,
    ...Array.from({ length: lines - 2 }, (_, i) => `${indent}  const v${i} = ${i};`),
    `${indent}}`,
  ].join("\n");

describe("long-functions", () => {
  it("finds a function one line over the limit, and not one at the limit", () => {
    const text = [body("function atLimit() {", 150, ""), body("export function overLimit() {", 151, "")].join(
      "\n",
    );
    expect(longFunctions("src/example.ts", text)).toEqual([
      { file: "src/example.ts", line: 151, lines: 151, name: "overLimit" },
    ]);
  });

  it("names methods, arrow functions in variables and class fields, and callbacks", () => {
    const text = [
      "class Store {",
      body("  settle() {", 20),
      body("  readonly claim = () => {", 20),
      "}",
      body("const run = async () => {", 20, ""),
      "items.map((item) => {",
      ...Array.from({ length: 18 }, () => "  void item;"),
      "});",
    ].join("\n");
    const found = longFunctions("src/example.ts", text, 10);
    expect(found.map((f) => f.name).sort()).toEqual([
      "(argument of items.map)",
      "Store.claim",
      "Store.settle",
      "run",
    ]);
    expect(found.every((f) => f.lines === 20)).toBe(true);
  });

  it("prints file, line, function and length", () => {
    expect(describeLongFunction({ file: "src/a.ts", line: 12, lines: 163, name: "createThing" })).toBe(
      "src/a.ts:12  createThing  163 lines (limit 150)",
    );
  });

  it("fails the command when a function is over the limit, naming it", () => {
    // The repository has functions over 100 lines, so a limit of 100 must fail with each one named.
    let status = 0;
    let stdout = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "scripts/long-functions.ts", "100"], {
        cwd: root,
        encoding: "utf8",
      });
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      status = failed.status;
      stdout = failed.stdout;
    }
    expect(status).toBe(1);
    expect(stdout).toMatch(/^(src|adapters)\/\S+\.ts:\d+ {2}\S.* {2}\d+ lines \(limit 100\)$/m);
  });
});
