/**
 * Loads the mail libraries when first needed, not when the module is imported, so code that never sends
 * or reads mail does not load them (and a bundle can leave them out). A missing library is an error that
 * says exactly what to install.
 */
import { ReferralKitError } from "referral-kit";

/**
 * A library the email channel needs is not installed. The message names the package and the command.
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
    this.packageName = packageName;
  }

  static override isInstance(value: unknown): value is MissingDependencyError {
    return ReferralKitError.isInstance(value) && value.code === "missing_dependency";
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
