/**
 * Lists the function-like nodes in `src/` and `adapters/` longer than a line limit (150 by default), longest
 * first, so the "no function over about 150 lines" rule can be checked. Exits 1 when any is found.
 *
 * Usage: `tsx scripts/long-functions.ts [limit]`
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const limit = Number(process.argv[2] ?? 150);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    const owner =
      node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : "";
    return owner + node.name.getText(source);
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isGetAccessor(node) || ts.isSetAccessor(node)) return node.name.getText(source);
  if (parent && ts.isCallExpression(parent))
    return `(argument of ${parent.expression.getText(source).slice(0, 40)})`;
  return "(anonymous)";
}

const found: { file: string; line: number; lines: number; name: string }[] = [];
for (const file of [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "adapters"))]) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit)
        found.push({ file: relative(root, file), line: start + 1, lines, name: nameOf(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

found.sort((a, b) => b.lines - a.lines);
for (const f of found) console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}:${f.line}`);
if (found.length > 0) process.exitCode = 1;
