/**
 * The one way referral-kit loads an optional peer dependency (pg, @electric-sql/pglite, nodemailer,
 * mailparser, msw), and the way an adapter loads one of its own: when the feature that needs it is first
 * used, not at import, so code that never uses the feature neither installs nor loads it.
 */
import { MissingDependencyError } from "../domain/errors.js";

/**
 * Imports `specifier` (a package or one of its subpaths) when first needed, or throws
 * `MissingDependencyError` (code `missing_dependency`, with the package name and the `npm install`
 * command) when the package is not installed. A package that is installed but fails to load fails with
 * its own error. Declare the package as an optional peer dependency of yours.
 *
 * @param specifier - the package or subpath to import, e.g. `"acme-sdk"` or `"msw/node"`.
 * @param purpose - what needs it, for the message, e.g. `"the Acme adapter"`.
 * @throws {MissingDependencyError} the package is not installed.
 *
 * @example
 * ```ts
 * import { loadOptional } from "referral-kit/adapter";
 *
 * const sdk = await loadOptional<typeof import("acme-sdk")>("acme-sdk", "the Acme adapter");
 * ```
 */
export async function loadOptional<M = unknown>(specifier: string, purpose: string): Promise<M> {
  try {
    // A specifier in a variable: bundlers leave it to run time instead of requiring the package.
    return (await import(specifier)) as M;
  } catch (error) {
    const name = packageName(specifier);
    if (isNotFound(error, name)) throw new MissingDependencyError(name, purpose, { cause: error });
    throw error;
  }
}

/** `msw/node` -> `msw`, `@electric-sql/pglite/worker` -> `@electric-sql/pglite`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Node's "cannot find" for the package itself, not for a file or a dependency inside it. */
function isNotFound(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  // Node names the package ('pg'); other loaders (vitest) name the specifier ('msw/node').
  const message = error instanceof Error ? error.message : "";
  return [`'${name}'`, `'${name}/`, `"${name}"`, `"${name}/`].some((quoted) => message.includes(quoted));
}
