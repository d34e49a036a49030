/**
 * The sandbox's own errors: a scenario file that does not validate, and a bind address that would expose
 * the sandbox beyond this machine without being asked to.
 */
import { hasMarker, markError } from "../../domain/error-marker.js";
import { ReferralKitError } from "../../domain/errors.js";

/** One problem in a scenario file. */
export type SandboxScenarioIssue = SandboxScenarioError["issues"][number];

const scenarioMarker = Symbol.for("referral-kit.error.sandbox_scenario_invalid");

/**
 * A sandbox scenario file could not be read, is not JSON, or does not match the scenario schema. The
 * message names the file and the path of the first problem; `issues` lists every one.
 *
 * @example
 * ```ts
 * import { loadSandboxScenario, SandboxScenarioError } from "referral-kit/testing";
 *
 * try {
 *   await loadSandboxScenario("scenario.json");
 * } catch (error) {
 *   if (SandboxScenarioError.isInstance(error)) for (const issue of error.issues) console.error(issue.path, issue.message);
 * }
 * ```
 */
export class SandboxScenarioError extends ReferralKitError {
  declare readonly code: "sandbox_scenario_invalid";
  /** The file, when the scenario came from one. */
  readonly file: string | undefined;
  /**
   * Every problem found, each with the dotted path of the offending field from the root of the file
   * (`platforms.x.outcomes`; `""` for the file as a whole).
   */
  readonly issues: readonly { readonly path: string; readonly message: string }[];

  constructor(options: { file?: string; issues: SandboxScenarioError["issues"]; cause?: unknown }) {
    const first = options.issues[0];
    const where = first?.path ? ` at ${first.path}` : "";
    const more = options.issues.length > 1 ? ` (and ${options.issues.length - 1} more)` : "";
    const subject = options.file ? `scenario file ${options.file}` : "sandbox scenario";
    super(
      "sandbox_scenario_invalid",
      `invalid ${subject}${where}: ${first?.message ?? "unknown problem"}${more}`,
      { cause: options.cause },
    );
    this.name = "SandboxScenarioError";
    markError(this, scenarioMarker);
    this.file = options.file;
    this.issues = options.issues;
  }

  static override isInstance(value: unknown): value is SandboxScenarioError {
    return hasMarker(value, scenarioMarker);
  }
}

const hostMarker = Symbol.for("referral-kit.error.sandbox_host_refused");

/**
 * The sandbox was asked to listen on an address other machines can reach without `exposeOnNetwork`.
 * The mocks accept published test credentials and hold whatever is sent to them: on a shared network
 * that is an open door, so it must be asked for explicitly (the CLI's `--host`).
 *
 * @example
 * ```ts
 * import { SandboxHostError, startSandbox } from "referral-kit/testing";
 *
 * await startSandbox({ port: 0, host: "0.0.0.0" }).catch((error) => {
 *   if (SandboxHostError.isInstance(error)) console.error(error.host, error.message);
 * });
 * ```
 */
export class SandboxHostError extends ReferralKitError {
  declare readonly code: "sandbox_host_refused";
  /** The address that was refused. */
  readonly host: string;

  constructor(host: string) {
    super(
      "sandbox_host_refused",
      `refusing to listen on ${JSON.stringify(host)}: it is not a loopback address, so other machines could ` +
        "reach the sandbox. Pass exposeOnNetwork: true (the CLI: --host) if that is what you want.",
    );
    this.name = "SandboxHostError";
    markError(this, hostMarker);
    this.host = host;
  }

  static override isInstance(value: unknown): value is SandboxHostError {
    return hasMarker(value, hostMarker);
  }
}
