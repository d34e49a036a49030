/**
 * Every TypeScript block in README.md and docs/ compiles as pasted: each ```ts block is a module of its
 * own, type-checked with the project's compiler options (referral-kit/* resolved to the sources). A block
 * that is deliberately a piece of a larger program says so in its info string (```ts fragment) and is
 * left out; every other block must be complete.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = process.cwd();
const OUT = join(ROOT, ".tmp", "doc-snippets");

interface Snippet {
  file: string;
  line: number;
  code: string;
}

function markdownFiles(): string[] {
  const found = ["README.md"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "api") walk(path);
      else if (entry.name.endsWith(".md")) found.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, "docs"));
  return found;
}

function snippets(): { checked: Snippet[]; fragments: number } {
  const checked: Snippet[] = [];
  let fragments = 0;
  for (const file of markdownFiles()) {
    const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
    for (let index = 0; index < lines.length; index++) {
      const open = /^```(ts|typescript)\b(.*)$/.exec(lines[index]!);
      if (!open) continue;
      const start = index;
      const body: string[] = [];
      for (index += 1; index < lines.length && !lines[index]!.startsWith("```"); index++)
        body.push(lines[index]!);
      if (/\bfragment\b/.test(open[2]!)) {
        fragments += 1;
        continue;
      }
      checked.push({ file, line: start + 1, code: body.join("\n") });
    }
  }
  return { checked, fragments };
}

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe("TypeScript in README.md and docs/", () => {
  it("compiles every block not marked as a fragment", () => {
    const { checked } = snippets();
    expect(checked.length).toBeGreaterThan(20);
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const names = new Map<string, Snippet>();
    for (const snippet of checked) {
      const name = join(OUT, `${snippet.file.replace(/[/.]/g, "_")}_${snippet.line}.ts`);
      // `export {}` makes each block a module, so top-level await and its own names are allowed.
      writeFileSync(name, `${snippet.code}\nexport {};\n`);
      names.set(name, snippet);
    }
    const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram([...names.keys()], { ...parsed.options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && names.has(diagnostic.file.fileName))
      .map((diagnostic) => {
        const snippet = names.get(diagnostic.file!.fileName)!;
        const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${snippet.file}:${snippet.line + 1 + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
      });
    expect(problems).toEqual([]);
  }, 240_000);
});
