/**
 * Loads optional libraries (the mail libraries, the WARC reader) when first needed, not when a module is
 * imported, so code that never uses them does not load them (and a bundle can leave them out). A missing
 * library is an error that says exactly what to install.
 */
import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

const missingMarker = Symbol.for("referral-kit.error.missing_dependency");

/**
 * An optional library a feature needs (the email channel's mail libraries, `warcio` for reading WARC
 * files) is not installed. The message names the package and the command.
 *
 * @example
 * ```ts
 * if (MissingDependencyError.isInstance(error)) console.error(`npm install ${error.packageName}`);
 * ```
 */
export class MissingDependencyError extends ReferralKitError {
  declare readonly code: "missing_dependency";
  /** The npm package to install. */
  readonly packageName: string;

  constructor(packageName: string, purpose: string, cause: unknown) {
    super(
      "missing_dependency",
      `${purpose} needs the "${packageName}" package, which could not be loaded: run \`npm install ${packageName}\``,
      { cause },
    );
    this.name = "MissingDependencyError";
    markError(this, missingMarker);
    this.packageName = packageName;
  }

  static override isInstance(value: unknown): value is MissingDependencyError {
    return hasMarker(value, missingMarker);
  }
}

/**
 * Imports a package, or throws {@link MissingDependencyError} naming it.
 *
 * @internal
 */
export async function loadPackage<T>(
  load: () => Promise<T>,
  packageName: string,
  purpose: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new MissingDependencyError(packageName, purpose, error);
  }
}
