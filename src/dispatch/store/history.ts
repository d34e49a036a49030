import { requestState } from "../../domain/lifecycle.js";
import { type ReferralRequest, type RequestContent, RequestEvent } from "../../domain/schemas/request.js";
import { parseRequest, validate } from "../../domain/validate.js";
import { StoreError } from "../errors.js";
import type { AttemptError, EnqueueEntry } from "./port.js";

/**
 * Validates a request on its way into a store: the schema, a history that folds through the lifecycle,
 * and a job plan that covers each target exactly once. Shared by every store so they refuse the same things.
 */
export function checkEntry(entry: EnqueueEntry): ReferralRequest {
  const request = parseRequest(entry.request);
  requestState(request);
  const keys = entry.batches.flat();
  if (entry.batches.length === 0 || entry.batches.some((batch) => batch.length === 0)) {
    throw new TypeError(`request ${request.id}: every batch needs at least one target`);
  }
  if (new Set(keys).size !== keys.length) {
    throw new TypeError(`request ${request.id}: a target appears in two batches`);
  }
  return request;
}

/** Validates events to append and folds the whole history, so an illegal one is never stored. */
export function checkAppend(
  request: ReferralRequest,
  events: readonly RequestEvent[],
  expectedCount: number | undefined,
): RequestEvent[] {
  if (expectedCount !== undefined && expectedCount !== request.events.length) {
    throw new StoreError(
      "store_conflict",
      `request ${request.id} has ${request.events.length} events, not the ${expectedCount} expected: ` +
        "its history changed since it was read",
      { requestId: request.id },
    );
  }
  const parsed = events.map((event) => validate(RequestEvent, event, "RequestEvent"));
  requestState([...request.events, ...parsed], request);
  return parsed;
}

/** The content of a request (everything but its events). */
export function contentOf(request: ReferralRequest): RequestContent {
  const { events: _events, ...content } = request;
  return content;
}

/** JSON with sorted keys, so content read back from jsonb compares equal to content as given. */
export { canonicalJson } from "../../domain/canonical-json.js";

/** Refuses a second, different request under an id that is already stored. */
export function conflict(id: string): StoreError {
  return new StoreError(
    "request_conflict",
    `request ${id} is already stored with different content; give the changed request a new id`,
    { requestId: id },
  );
}

/**
 * Why a claim cancelled a job instead of handing it out: its request is no longer `approved` (submitted
 * through another channel, or withdrawn). The SQL store builds the same record in its claim statement.
 */
export function notApproved(status: string): AttemptError {
  return {
    code: "not_approved",
    message: `the request is "${status}", not "approved": not sent`,
    retryable: false,
  };
}
