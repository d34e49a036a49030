import type { z } from "zod";
import { ValidationError } from "./errors.js";

/**
 * Parses unknown input with a referral-kit schema, or throws a {@link ValidationError} carrying every zod
 * issue with its path. Use it at every boundary where data comes in (files, HTTP bodies, user input).
 *
 * @example
 * ```ts
 * import { RequestSchema, validate } from "referral-kit";
 *
 * const request = validate(RequestSchema, JSON.parse(line), "Request");
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
