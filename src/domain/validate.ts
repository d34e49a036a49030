import type { z } from "zod";
import { ValidationError } from "./errors.js";
import { ReferralRequest } from "./schemas/request.js";

/**
 * Parses unknown input with a referral-kit schema, or throws a {@link ValidationError} carrying every zod
 * issue with its path. Use it at every boundary where data comes in (files, HTTP bodies, user input).
 *
 * @example
 * ```ts
 * import { ReferralRequest, validate } from "referral-kit";
 *
 * const request = validate(ReferralRequest, JSON.parse(line), "Request");
 * ```
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject = describeSchema(schema),
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(subject, result.error);
  return result.data;
}

function describeSchema(schema: z.ZodType): string {
  return schema.description ?? "input";
}

/**
 * Parses unknown input as a request (`ReferralRequest`), or throws a {@link ValidationError} that names the
 * request's id (when the input has one) and carries every issue with its path, e.g. an unknown tier at
 * `["targets", 2, "tier"]`.
 *
 * @example
 * ```ts
 * import { parseRequest } from "referral-kit";
 *
 * const request = parseRequest(JSON.parse(line));
 * ```
 */
export function parseRequest(input: unknown): ReferralRequest {
  const result = ReferralRequest.safeParse(input);
  if (result.success) return result.data;
  const id = typeof input === "object" && input !== null ? (input as { id?: unknown }).id : undefined;
  throw ValidationError.fromZod("Request", result.error, typeof id === "string" ? { requestId: id } : {});
}
