import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { ValidationError } from "../../domain/errors.js";
import { ReferralRequest } from "../../domain/schemas/request.js";
import { markValidated } from "../record.js";
import {
  type ComplianceInputSource,
  type ComplianceSource,
  type ReadOptions,
  SourceState,
} from "./source.js";

/**
 * Reads JSON Lines of domain requests (one `ReferralRequest` object with its `events` per line), streaming:
 * one line in memory at a time. Every line is validated; a line that is not JSON or not a valid request is
 * skipped and listed with its line number and reason (or throws in `strict` mode). Blank lines are ignored.
 * History problems (an illegal transition) are found later, by the calculators, which report the request id.
 *
 * @example
 * ```ts
 * import { ComplianceAccumulator, readComplianceJsonl } from "referral-kit/compliance";
 *
 * const source = readComplianceJsonl("requests.jsonl");
 * const accumulator = new ComplianceAccumulator({ asOf: "2026-01-01T00:00:00Z" });
 * for await (const request of source) accumulator.add(request, source.line);
 * ```
 */
export function readComplianceJsonl(
  input: string | Readable,
  options: ReadOptions = {},
): ComplianceSource<ReferralRequest> {
  const state = new SourceState(options.strict ?? false, options.maxSkipped ?? 1000, options.encoding);
  return state.source(() => iterate(input, state));
}

async function* iterate(input: ComplianceInputSource, state: SourceState): AsyncGenerator<ReferralRequest> {
  const stream = await state.open(input);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      state.rowsRead++;
      let value: unknown;
      try {
        value = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, "") : text);
      } catch (error) {
        state.skip(
          line,
          `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
          "not valid JSON",
        );
        continue;
      }
      const parsed = ReferralRequest.safeParse(value);
      if (!parsed.success) {
        const error = ValidationError.fromZod("Request", parsed.error);
        const id = typeof value === "object" && value !== null && "id" in value ? value.id : undefined;
        const path = error.issues[0]?.path.join(".") ?? "";
        state.skip(
          line,
          error.message,
          `invalid request${path ? ` at ${path.replace(/\d+/g, "*")}` : ""}`,
          typeof id === "string" ? id : undefined,
        );
        continue;
      }
      state.line = line;
      yield markValidated(parsed.data);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
