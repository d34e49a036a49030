/**
 * One call to a platform mock, from request to answer: recorded (secrets redacted), then answered by an
 * injected fault, a refused credential, a replayed idempotent answer or the platform's handler, in that
 * order.
 */
import { redactHeaders, redactText, redactUrl } from "../../adapter/http/redact.js";
import { canonicalJson } from "../../domain/canonical-json.js";
import type { MockCall, MockErrorInfo, MockRouteOptions, PlatformMockDefinition } from "./definition.js";
import { answerFault, type FaultQueue, type HangingCalls } from "./fault-answers.js";
import type { MockLedger, MutableRecord } from "./ledger.js";
import { parseBody, withHeaders } from "./responses.js";
import type { MockError } from "./types.js";

/** What every call of one mock shares. */
export interface CallEnvironment<S extends string> {
  readonly definition: PlatformMockDefinition<S>;
  readonly ledger: MockLedger;
  readonly faults: FaultQueue;
  readonly hanging: HangingCalls;
  /** Virtual time, epoch ms. */
  now(): number;
  /** Length of the base URL's own path: recorded paths are below it. */
  readonly basePathLength: number;
  /** Renders an error in the platform's shape (with `Retry-After` where it has a wait). */
  renderError(error: MockError, info: MockErrorInfo): Response;
}

/** A route's handler. */
export type RouteHandler = (call: MockCall) => Response | Promise<Response>;

/**
 * Answers one call. `preread` is the body when the caller already read it (the sandbox's direct dispatch).
 * @internal
 *
 * @example
 * ```ts
 * http.post(url, ({ request, params }) => handleCall(env, options, handler, request, params));
 * ```
 */
export async function handleCall<S extends string>(
  env: CallEnvironment<S>,
  options: MockRouteOptions,
  handler: RouteHandler,
  request: Request,
  params: Record<string, string>,
  preread?: string,
): Promise<Response> {
  const { definition } = env;
  const rawBody = preread ?? (request.body ? await request.clone().text() : "");
  const { body, invalid } = parseBody(rawBody, request.headers.get("content-type"));
  const record = recordCall(env, options, request, body);
  const info: MockErrorInfo = { requestId: record.requestId, operation: options.operation };
  const finish = (response: Response, error?: MockError): Response => {
    if (response.type === "error") return response;
    record.status = response.status;
    const headers = {
      [definition.requestIdHeader ?? "x-request-id"]: record.requestId,
      ...definition.responseHeaders?.({ operation: options.operation, error }),
    };
    return withHeaders(response, headers, false, true);
  };
  const fail = (error: MockError) => finish(env.renderError(error, info), error);

  const fault = env.faults.take(options.operation);
  if (fault) record.fault = fault.kind;
  const faultAfter = fault && "when" in fault && fault.when === "after";
  if (fault && !faultAfter) return answerFault(fault, request, fail, finish, env.hanging);

  const refused =
    options.authenticate === false
      ? undefined
      : await definition.authenticate?.(request, { rawBody, now: env.now() });
  if (refused) return fail(refused);
  if (invalid)
    return fail({ kind: "invalid-request", status: 400, message: "The request body is not valid JSON." });

  const { response, error } = await answer(env, options, handler, {
    request,
    params,
    body,
    rawBody,
    record,
    info,
  });
  if (fault) {
    // The platform did the work; the answer is lost on the way back.
    await response.body?.cancel().catch(() => undefined);
    return answerFault(fault, request, fail, finish, env.hanging);
  }
  return finish(response, error);
}

/** The call's record, added to the ledger before anything answers it. */
function recordCall<S extends string>(
  env: CallEnvironment<S>,
  options: MockRouteOptions,
  request: Request,
  body: unknown,
): MutableRecord {
  const { definition } = env;
  const secrets = definition.secrets ?? [];
  const sequence = env.ledger.nextSequence();
  const url = new URL(request.url);
  const record: MutableRecord = {
    seq: sequence,
    operation: options.operation,
    method: request.method,
    path: redactText(url.pathname.slice(env.basePathLength) || "/", secrets),
    url: redactUrl(url, secrets),
    headers: redactHeaders(request.headers, secrets),
    body,
    idempotencyKey: definition.idempotencyKey
      ? definition.idempotencyKey(request, body)
      : (request.headers.get("idempotency-key") ?? undefined),
    targets: [],
    platformRef: undefined,
    requestId:
      definition.requestIdFormat?.(sequence) ??
      `${definition.platform}-req-${String(sequence).padStart(6, "0")}`,
    status: 0,
    fault: undefined,
    replayed: false,
    at: env.now(),
    receivedAt: Date.now(),
  };
  env.ledger.addRecord(record);
  return record;
}

interface CallParts {
  readonly request: Request;
  readonly params: Record<string, string>;
  readonly body: unknown;
  readonly rawBody: string;
  readonly record: MutableRecord;
  readonly info: MockErrorInfo;
}

/**
 * The platform's answer: the handler's, or for an idempotent call with a key already used, the first
 * answer replayed (same body) or an idempotency conflict (another body).
 */
async function answer<S extends string>(
  env: CallEnvironment<S>,
  options: MockRouteOptions,
  handler: RouteHandler,
  { request, params, body, rawBody, record, info }: CallParts,
): Promise<{ response: Response; error?: MockError }> {
  const { idempotencyKey } = record;
  const storeKey =
    options.idempotent && idempotencyKey ? `${options.operation} ${idempotencyKey}` : undefined;
  // Only calls the platform deduplicates are fingerprinted.
  const fingerprint = storeKey ? `${request.method} ${record.path} ${canonicalJson(body)}` : "";
  const stored = storeKey ? env.ledger.answers.get(storeKey) : undefined;
  if (stored && stored.fingerprint !== fingerprint) {
    const error: MockError = {
      kind: "idempotency-conflict",
      status: env.definition.idempotencyConflictStatus ?? 409,
      message: "This idempotency key was already used with a different request.",
    };
    return { response: env.renderError(error, info), error };
  }
  if (stored) {
    record.replayed = true;
    record.targets = stored.targets;
    record.platformRef = stored.platformRef;
    return { response: new Response(stored.body, { status: stored.status, headers: stored.headers }) };
  }
  const call: MockCall = {
    request,
    params,
    body,
    rawBody,
    idempotencyKey,
    requestId: record.requestId,
    note(update) {
      if (update.targets) record.targets = [...update.targets];
      if (update.platformRef !== undefined) record.platformRef = update.platformRef;
    },
    noteSubmission(submission) {
      record.targets = submission.targets.map((t) => t.key);
      record.platformRef = submission.ref;
    },
    error: (error) => env.renderError(error, info),
  };
  const response = await handler(call);
  if (!storeKey || !response.ok) return { response };
  // Read once and answered from the text (a clone would tee the body stream).
  const text = await response.text();
  const headers = [...response.headers.entries()];
  env.ledger.answers.set(storeKey, {
    fingerprint,
    status: response.status,
    headers,
    body: text,
    targets: record.targets,
    platformRef: record.platformRef,
  });
  return {
    response: new Response(text, { status: response.status, statusText: response.statusText, headers }),
  };
}
