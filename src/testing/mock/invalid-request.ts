/** The `invalid-request` error every mock answers a body its schema refuses with. One job: zod issues to a MockError. */
import type { z } from "zod";
import type { MockError } from "./types.js";

/**
 * Options for {@link invalidRequestError}.
 *
 * @example
 * ```ts
 * invalidRequestError(parsed.error, { details: false, messagePrefix: "(#100) " });
 * ```
 */
export interface InvalidRequestErrorOptions {
  /**
   * Whether the error lists each issue as a `{ path, message }` detail (default true), for platforms whose
   * error shape names the offending parameter; false for those that answer with one message only.
   */
  readonly details?: boolean;
  /** Put before the message, as some platforms do (Graph's `(#100) `). Default: nothing. */
  readonly messagePrefix?: string;
}

/**
 * The 400 `invalid-request` {@link MockError} for a body a mock's schema refused: one message that lists
 * every issue as `path: message` (`body` for the root), joined by `; `, and (unless `details: false`) one
 * detail per issue. Pass it to `ctx.error` (or the platform's own envelope).
 *
 * @example
 * ```ts
 * const parsed = SubmitBody.safeParse(call.body);
 * if (!parsed.success) return ctx.error(invalidRequestError(parsed.error));
 * ```
 */
export function invalidRequestError(error: z.ZodError, options: InvalidRequestErrorOptions = {}): MockError {
  const message = error.issues
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
  return {
    kind: "invalid-request",
    status: 400,
    message: `${options.messagePrefix ?? ""}${message}`,
    ...(options.details === false
      ? {}
      : { details: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) }),
  };
}
