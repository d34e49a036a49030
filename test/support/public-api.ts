/**
 * The names each door exports, keyed by import specifier (`referral-kit`, `referral-kit/adapter`, ...).
 * Read from the door files' syntax: a door is a list of named exports (test/package-exports.test.ts
 * refuses `export *`), so its export statements are the whole list. The doors are the `exports` of
 * package.json, built from the sources in tsup.config.ts.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import { libraryEntries } from "../../tsup.config.js";

/** Door specifier -> exported names. */
export function publicNames(): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const [entry, source] of Object.entries(libraryEntries)) {
    const text = readFileSync(new URL(`../../${source}`, import.meta.url), "utf8");
    const file = ts.createSourceFile(source, text, ts.ScriptTarget.Latest);
    names.set(entry === "index" ? "referral-kit" : `referral-kit/${entry}`, new Set(exportedNames(file)));
  }
  return names;
}

function exportedNames(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) names.push(element.name.text);
      }
      continue;
    }
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}
