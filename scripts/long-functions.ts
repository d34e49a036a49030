/**
 * Lists the function-like nodes in `src/` and `adapters/` longer than a line limit (150 by default), longest
 * first, so the "no function over about 150 lines" rule can be checked (`npm run lint` runs it). Exits 1
 * when any is found, naming each one's file, line, function and length.
 *
 * Usage: `tsx scripts/long-functions.ts [limit]`
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

/** The limit the project keeps: "no function over about 150 lines outside data tables". */
export const DEFAULT_LIMIT = 150;

/** A function longer than the limit. */
export interface LongFunction {
  /** The file's path as given. */
  readonly file: string;
  /** Its first line (1-based). */
  readonly line: number;
  /** Its length in lines, from its first line to its last. */
  readonly lines: number;
  /** Its name (`Class.method`, the variable or property it is assigned to, or where it is passed). */
  readonly name: string;
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
  if (parent && ts.isPropertyDeclaration(parent)) {
    const owner = ts.isClassLike(parent.parent) && parent.parent.name ? `${parent.parent.name.text}.` : "";
    return owner + parent.name.getText(source);
  }
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isGetAccessor(node) || ts.isSetAccessor(node)) return node.name.getText(source);
  if (parent && ts.isCallExpression(parent))
    return `(argument of ${parent.expression.getText(source).slice(0, 40)})`;
  return "(anonymous)";
}

/** The functions (with a body) in `text` longer than `limit` lines, longest first. */
export function longFunctions(file: string, text: string, limit = DEFAULT_LIMIT): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) found.push({ file, line: start + 1, lines, name: nameOf(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.sort((a, b) => b.lines - a.lines);
}

/** One finding as the command prints it: where, what, how long. */
export const describeLongFunction = (found: LongFunction, limit = DEFAULT_LIMIT): string =>
  `${found.file}:${found.line}  ${found.name}  ${found.lines} lines (limit ${limit})`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function main(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const limit = Number(process.argv[2] ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error(
      `long-functions: the limit must be a positive whole number of lines, not "${process.argv[2]}"`,
    );
    process.exitCode = 2;
    return;
  }
  const found = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "adapters"))]
    .flatMap((file) => longFunctions(relative(root, file), readFileSync(file, "utf8"), limit))
    .sort((a, b) => b.lines - a.lines);
  for (const f of found) console.log(describeLongFunction(f, limit));
  if (found.length > 0) {
    console.log(
      `${found.length} function(s) over ${limit} lines: split them into modules with one job each.`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
