import type { z } from "zod";

import { hasMarker, markError } from "./error-marker.js";

const baseMarker = Symbol.for("referral-kit.error");

/**
 * The base class of every error referral-kit throws. Each subclass has a stable `code` that scripts can
 * switch on; messages are for people and may change between versions. `isInstance` works across two
 * installed copies of the package, where `instanceof` does not; a subclass of your own keeps that by
 * checking its code: `ReferralKitError.isInstance(value) && value.code === "my_code"`.
 *
 * @example
 * ```ts
 * import { ReferralKitError, parseTarget } from "referral-kit";
 *
 * try {
 *   parseTarget("https://example.com/someone");
 * } catch (error) {
 *   if (ReferralKitError.isInstance(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class ReferralKitError extends Error {
  /** Stable, machine-readable error code (snake_case). */
  readonly code: string;

  /**
   * @param code - the stable, machine-readable code (snake_case).
   * @param message - for people; may change between versions.
   * @param options - `cause`: the underlying error, if any. Never put credentials there.
   */
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ReferralKitError";
    markError(this, baseMarker);
    this.code = code;
  }

  /** True for any referral-kit error, from this or another installed copy of the package. */
  static isInstance(value: unknown): value is ReferralKitError {
    return hasMarker(value, baseMarker);
  }

  /** A plain object for logs and JSON: name, code, message and the subclass's own public fields. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "cause") json[key] = value;
    }
    return json;
  }
}

const invalidTargetMarker = Symbol.for("referral-kit.error.invalid_target");

/**
 * Thrown by {@link parseTarget} when pasted input is not a recognisable account or content link.
 * `reason` says why in words a person can act on.
 *
 * @example
 * ```ts
 * import { InvalidTargetError, safeParseTarget } from "referral-kit";
 *
 * const result = safeParseTarget("https://x.com/home");
 * if (!result.success) console.log(result.error.reason); // "x.com/home is a reserved X page, not an account"
 * ```
 */
export class InvalidTargetError extends ReferralKitError {
  declare readonly code: "invalid_target";
  /** The input as given. */
  readonly input: string;
  /** Why the input was rejected, in plain words. */
  readonly reason: string;

  constructor(input: string, reason: string) {
    super("invalid_target", `Invalid target ${JSON.stringify(truncate(input, 200))}: ${reason}`);
    this.name = "InvalidTargetError";
    markError(this, invalidTargetMarker);
    this.input = input;
    this.reason = reason;
  }

  static override isInstance(value: unknown): value is InvalidTargetError {
    return hasMarker(value, invalidTargetMarker);
  }
}

const validationMarker = Symbol.for("referral-kit.error.validation_failed");

/**
 * Thrown when unknown input does not match a referral-kit schema. Carries every issue with its path, so a
 * tool can point a person at the exact field.
 *
 * @example
 * ```ts
 * import { ReferralRequest, ValidationError, validate } from "referral-kit";
 *
 * try {
 *   validate(ReferralRequest, JSON.parse(line));
 * } catch (error) {
 *   if (ValidationError.isInstance(error)) for (const issue of error.issues) console.log(issue.path, issue.message);
 * }
 * ```
 */
export class ValidationError extends ReferralKitError {
  declare readonly code: "validation_failed";
  /** What was being validated, e.g. `"Request"`. */
  readonly subject: string;
  /**
   * Every problem found: its `path` from the root of the input (e.g. `["targets", 0, "evidence"]`), what
   * is wrong (`message`) and zod's issue `code` (e.g. `invalid_type`, `too_small`, `custom`).
   */
  readonly issues: { path: (string | number)[]; message: string; code: string }[];
  /** The request the input belongs to, when it belongs to one. */
  readonly requestId: string | undefined;

  constructor(subject: string, issues: ValidationError["issues"], options: { requestId?: string } = {}) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${formatPath(first.path)}` : "";
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""})` : "";
    const of = options.requestId === undefined ? "" : ` of request ${options.requestId}`;
    super(
      "validation_failed",
      `Invalid ${subject}${of}${where}: ${first?.message ?? "unknown problem"}${more}`,
    );
    this.name = "ValidationError";
    markError(this, validationMarker);
    this.subject = subject;
    this.issues = issues;
    this.requestId = options.requestId;
  }

  /** Builds a ValidationError from a zod error, keeping every issue's path (under `prefix`, if given). */
  static fromZod(
    subject: string,
    error: z.ZodError,
    options: { requestId?: string; prefix?: readonly (string | number)[] } = {},
  ): ValidationError {
    const prefix = options.prefix ?? [];
    return new ValidationError(
      subject,
      error.issues.map((issue) => ({
        path: [
          ...prefix,
          ...issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment)),
        ],
        message: issue.message,
        code: issue.code,
      })),
      options.requestId === undefined ? {} : { requestId: options.requestId },
    );
  }

  static override isInstance(value: unknown): value is ValidationError {
    return hasMarker(value, validationMarker);
  }
}

const illegalTransitionMarker = Symbol.for("referral-kit.error.illegal_transition");

/**
 * Thrown when a request's event history breaks the lifecycle: an event that the transition table does
 * not allow from the current state, or events out of time order.
 *
 * @example
 * ```ts
 * import { IllegalTransitionError, requestState } from "referral-kit";
 *
 * try {
 *   requestState(request);
 * } catch (error) {
 *   if (IllegalTransitionError.isInstance(error)) console.log(error.from, "->", error.event, "at index", error.index);
 * }
 * ```
 */
export class IllegalTransitionError extends ReferralKitError {
  declare readonly code: "illegal_transition";
  /** The state before the offending event (`null` before the first event). */
  readonly from: string | null;
  /** The offending event's type. */
  readonly event: string;
  /** Position of the offending event in the history. */
  readonly index: number;
  /** The request's id, where known. */
  readonly requestId: string | undefined;

  constructor(args: {
    from: string | null;
    event: string;
    index: number;
    requestId?: string;
    reason?: string;
  }) {
    const subject = args.requestId ? `request ${args.requestId}: ` : "";
    const reason =
      args.reason ??
      `"${args.event}" is not allowed ${args.from === null ? "as the first event" : `after "${args.from}"`}`;
    super("illegal_transition", `${subject}event ${args.index}: ${reason}`);
    this.name = "IllegalTransitionError";
    markError(this, illegalTransitionMarker);
    this.from = args.from;
    this.event = args.event;
    this.index = args.index;
    this.requestId = args.requestId;
  }

  static override isInstance(value: unknown): value is IllegalTransitionError {
    return hasMarker(value, illegalTransitionMarker);
  }
}

const invalidOutcomeMarker = Symbol.for("referral-kit.error.invalid_outcome");

/**
 * Thrown when a decision event's per-target outcome does not fit the request it is in: a target key that
 * is not one of the request's targets. (An outcome's own shape, such as an unknown country code or an
 * `until` before the decision, is a {@link ValidationError} of the event.)
 *
 * @example
 * ```ts
 * import { InvalidOutcomeError, requestState } from "referral-kit";
 *
 * try {
 *   requestState(request);
 * } catch (error) {
 *   if (InvalidOutcomeError.isInstance(error)) console.log(error.target, "is not in", error.requestId);
 * }
 * ```
 */
export class InvalidOutcomeError extends ReferralKitError {
  declare readonly code: "invalid_outcome";
  /** The request's id. */
  readonly requestId: string;
  /** Position of the event in the history. */
  readonly index: number;
  /** The outcome's target key. */
  readonly target: string;

  constructor(args: { requestId: string; index: number; target: string; reason: string }) {
    super("invalid_outcome", `request ${args.requestId}: event ${args.index}: ${args.reason}`);
    this.name = "InvalidOutcomeError";
    markError(this, invalidOutcomeMarker);
    this.requestId = args.requestId;
    this.index = args.index;
    this.target = args.target;
  }

  static override isInstance(value: unknown): value is InvalidOutcomeError {
    return hasMarker(value, invalidOutcomeMarker);
  }
}

const referralChainMarker = Symbol.for("referral-kit.error.referral_chain_invalid");

/**
 * Thrown by `referralChains` when re-referrals (`supersedes`) do not form simple chains: a request that
 * supersedes itself, a cycle, two requests superseding the same one, or a chain across platforms.
 *
 * @example
 * ```ts
 * import { ReferralChainError, referralChains } from "referral-kit";
 *
 * try {
 *   referralChains(requests);
 * } catch (error) {
 *   if (ReferralChainError.isInstance(error)) console.log(error.requestIds, error.message);
 * }
 * ```
 */
export class ReferralChainError extends ReferralKitError {
  declare readonly code: "referral_chain_invalid";
  /** The requests involved. */
  readonly requestIds: string[];

  constructor(requestIds: string[], reason: string) {
    super("referral_chain_invalid", `re-referral chain: ${reason}`);
    this.name = "ReferralChainError";
    markError(this, referralChainMarker);
    this.requestIds = requestIds;
  }

  static override isInstance(value: unknown): value is ReferralChainError {
    return hasMarker(value, referralChainMarker);
  }
}

/** One safeguard a request fails, with a human explanation. */
export interface SafeguardViolation {
  /**
   * The rule the request fails. The `designation_*` rules come from resolving the request's designations
   * against a registry (`checkDesignations`), the `tier_*` rules from its targets' content tiers.
   */
  rule:
    | "legal_basis_required"
    | "designation_required"
    | "evidence_required"
    | "approver_required"
    | "second_approver_required"
    | "designation_unknown"
    | "designation_wrong_authority"
    | "designation_delisted"
    | "designation_not_yet_listed"
    | "tier_emergency_required"
    | "tier_justification_required"
    | "disclosure_details_required"
    | "preservation_details_required"
    | "kind_details_mismatch"
    | "disclosure_account_unknown"
    | "emergency_justification_required"
    | "emergency_priority_required";
  message: string;
  /** The field concerned, where there is one, e.g. `designations[0]` or `targets[2].justification`. */
  field?: string;
}

const safeguardMarker = Symbol.for("referral-kit.error.safeguard_violation");

/**
 * Thrown when a request would be approved or submitted without the safeguards every referral needs:
 * legal basis, a designation it relies on, evidence for every target, and enough distinct approvers.
 * It lists every failing rule at once, so nobody fixes one problem only to meet the next.
 *
 * @example
 * ```ts
 * import { SafeguardError, checkSafeguards } from "referral-kit";
 *
 * const violations = checkSafeguards(request, { approvers: ["analyst-7"] });
 * if (violations.length > 0) throw new SafeguardError(request.id, violations);
 * ```
 */
export class SafeguardError extends ReferralKitError {
  declare readonly code: "safeguard_violation";
  readonly requestId: string;
  readonly violations: SafeguardViolation[];

  constructor(requestId: string, violations: SafeguardViolation[]) {
    super(
      "safeguard_violation",
      `request ${requestId} cannot proceed: ${violations.map((violation) => violation.message).join("; ")}`,
    );
    this.name = "SafeguardError";
    markError(this, safeguardMarker);
    this.requestId = requestId;
    this.violations = violations;
  }

  static override isInstance(value: unknown): value is SafeguardError {
    return hasMarker(value, safeguardMarker);
  }
}

const missingDependencyMarker = Symbol.for("referral-kit.error.missing_dependency");

/**
 * A feature needs an optional package that is not installed (pg for the PostgreSQL store,
 * `@electric-sql/pglite` for the embedded store, nodemailer and mailparser for the email channel, msw for
 * the mocks). The message names the package and the command that installs it.
 *
 * @example
 * ```ts
 * import { MissingDependencyError } from "referral-kit";
 *
 * if (MissingDependencyError.isInstance(error)) console.error(`run: ${error.installCommand}`);
 * ```
 */
export class MissingDependencyError extends ReferralKitError {
  declare readonly code: "missing_dependency";
  /** The npm package to install, e.g. `pg`. */
  readonly packageName: string;
  /** The command that installs it, e.g. `npm install pg`. */
  readonly installCommand: string;

  constructor(packageName: string, purpose: string, options: { cause?: unknown } = {}) {
    const installCommand = `npm install ${packageName}`;
    super(
      "missing_dependency",
      `${purpose} needs the optional package "${packageName}", which is not installed: run \`${installCommand}\``,
      options,
    );
    this.name = "MissingDependencyError";
    markError(this, missingDependencyMarker);
    this.packageName = packageName;
    this.installCommand = installCommand;
  }

  static override isInstance(value: unknown): value is MissingDependencyError {
    return hasMarker(value, missingDependencyMarker);
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function formatPath(path: (string | number)[]): string {
  return path
    .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${segment}`))
    .join("")
    .replace(/^\./, "");
}
