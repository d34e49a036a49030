import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

/** One problem of `MirrorInputError`. @internal */
export type MirrorInputIssue = MirrorInputError["issues"][number];

const inputMarker = Symbol.for("referral-kit.error.mirror_input_invalid");

/**
 * Thrown when a file of accounts for mirror detection has rows that cannot be read. Lists every bad row
 * with its line number: rows are never dropped silently, since a dropped known account is a mirror
 * nobody will be shown.
 *
 * @example
 * ```ts
 * import { MirrorInputError, readMirrorCsv } from "referral-kit/mirrors";
 *
 * try {
 *   readMirrorCsv(text, { source: "known.csv" });
 * } catch (error) {
 *   if (MirrorInputError.isInstance(error)) for (const issue of error.issues) console.log(issue.line, issue.message);
 * }
 * ```
 */
export class MirrorInputError extends ReferralKitError {
  declare readonly code: "mirror_input_invalid";
  /** Where the rows came from (a file name), for messages. */
  readonly source: string;
  readonly issues: {
    /** 1-based line number in the file (the header is line 1). */
    line: number;
    message: string;
  }[];

  constructor(source: string, issues: MirrorInputError["issues"]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(
      "mirror_input_invalid",
      `${source}: ${first ? `line ${first.line}: ${first.message}` : "unreadable input"}${more}`,
    );
    this.name = "MirrorInputError";
    markError(this, inputMarker);
    this.source = source;
    this.issues = issues;
  }

  static override isInstance(value: unknown): value is MirrorInputError {
    return hasMarker(value, inputMarker);
  }
}

const optionsMarker = Symbol.for("referral-kit.error.mirror_options_invalid");

/**
 * Thrown when `candidates` gets options out of range (`limit` below 1, `minScore` outside [0, 1]).
 *
 * @example
 * ```ts
 * import { MirrorOptionsError } from "referral-kit/mirrors";
 *
 * try {
 *   index.candidates(accounts, { minScore: 2 });
 * } catch (error) {
 *   if (MirrorOptionsError.isInstance(error)) console.log(error.option); // "minScore"
 * }
 * ```
 */
export class MirrorOptionsError extends ReferralKitError {
  declare readonly code: "mirror_options_invalid";
  readonly option: string;

  constructor(option: string, message: string) {
    super("mirror_options_invalid", `${option}: ${message}`);
    this.name = "MirrorOptionsError";
    markError(this, optionsMarker);
    this.option = option;
  }

  static override isInstance(value: unknown): value is MirrorOptionsError {
    return hasMarker(value, optionsMarker);
  }
}
