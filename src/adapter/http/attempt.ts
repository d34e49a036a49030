/**
 * One attempt of a call: the `fetch` the client hands ky. It adds the credentials (signed again for every
 * attempt and every redirect hop), attaches the body as the request leaves, follows the redirects the
 * policy allows by hand, lets the auth strategy refresh once on a 401, reads the answer within the size
 * limit, and resolves with the answer only when it is a success (its validated body kept aside for the
 * call). Every failure rejects with an `AdapterError`; those worth another attempt are recorded for the
 * retry policy. One job: send one attempt.
 */
import type { z } from "zod";
import { raceAbort } from "../../internal/abort.js";
import {
  type AdapterError,
  AdapterError as AdapterErrorClass,
  AuthenticationError,
  NetworkError,
} from "../errors.js";
import type { CallBudget } from "./budget.js";
import type { PreparedCall } from "./build.js";
import type { HttpResult } from "./client.js";
import { interpretAnswer } from "./interpret.js";
import { readBodyWithin } from "./read.js";
import { followedElsewhere, followRedirect, isRedirect } from "./redirect.js";
import type { AttemptFailure } from "./retry.js";
import type { ClientSettings } from "./settings.js";
import { userAgent } from "./user-agent.js";

/** What the attempts of one call share. */
export interface CallState {
  /** Requests sent so far that count as attempts (a redirect hop does not; a 401 refresh does). */
  attempts: number;
  /** Whether the auth strategy already refreshed on a 401 in this call (once per call). */
  refreshedAuth: boolean;
}

/**
 * The failures worth another attempt, by the error the attempt rejected with: what the retry policy
 * reads to decide.
 */
export const attemptFailures = new WeakMap<object, AttemptFailure>();
/** The validated result of a successful attempt, by the answer ky resolves the call with. */
export const attemptResults = new WeakMap<Response, HttpResult<unknown>>();

/**
 * The attempts of one call: `run` is the `fetch` ky calls for each attempt.
 *
 * @example
 * ```ts
 * const attempts = new CallAttempts(settings, call, schema, state, budget);
 * const response = await ky(call.url, { ..., fetch: (input, init) => attempts.run(input, init) });
 * attemptResults.get(response)?.data;
 * ```
 */
export class CallAttempts<S extends z.ZodType> {
  readonly #settings: ClientSettings;
  readonly #call: PreparedCall;
  readonly #schema: S;
  readonly #state: CallState;
  readonly #budget: CallBudget;

  constructor(settings: ClientSettings, call: PreparedCall, schema: S, state: CallState, budget: CallBudget) {
    this.#settings = settings;
    this.#call = call;
    this.#schema = schema;
    this.#state = state;
    this.#budget = budget;
  }

  /** The call, for errors: redacted by the error itself. */
  #describe = () => ({
    platform: this.#settings.platform,
    method: this.#call.method,
    url: this.#call.url,
    secrets: this.#settings.secrets(),
  });

  /** One attempt: the first request and the redirect hops the policy follows, to a success or an error. */
  async run(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    const settings = this.#settings;
    const { method } = this.#call;
    // ky hands over the Request it built (its signal: the call's budget and ky's attempt timeout).
    const kyRequest = input instanceof Request ? input : new Request(input, init);
    const signal = kyRequest.signal;
    this.#budget.checkpoint(this.#describe);
    let attempt = ++this.#state.attempts;
    let url = kyRequest.url;
    let foreign = false;
    let hops = 0;
    for (;;) {
      const sentAt = settings.now();
      const { response, sentUrl } = await this.#send(kyRequest, init, url, foreign, attempt);
      const requestId = findRequestId(response.headers, settings.requestIdHeaders);
      const answered = (text?: string) =>
        settings.events.response({
          method,
          url: sentUrl,
          status: response.status,
          headers: response.headers,
          attempt,
          durationMs: settings.now() - sentAt,
          requestId,
          body: text,
        });
      if (isRedirect(response.status)) {
        // Not awaited: cancelling a body that another reader teed can stay pending forever.
        void response.body?.cancel().catch(() => undefined);
        answered();
        ({ url, foreign } = followRedirect({
          response,
          url: sentUrl,
          method,
          origin: settings.origin,
          hops,
          options: settings.redirects,
          context: { ...this.#describe(), ...(requestId ? { requestId } : {}) },
        }));
        hops += 1;
        continue;
      }
      const elsewhere = followedElsewhere(response, sentUrl, this.#describe());
      if (elsewhere) {
        void response.body?.cancel().catch(() => undefined);
        throw elsewhere;
      }
      const auth = settings.auth;
      if (response.status === 401 && !foreign && auth?.onUnauthorized && !this.#state.refreshedAuth) {
        // The platform did not process the call, so one more try with fresh credentials is always safe.
        void response.body?.cancel().catch(() => undefined);
        answered();
        this.#state.refreshedAuth = true;
        await raceAbort(Promise.resolve(auth.onUnauthorized()), signal);
        attempt = ++this.#state.attempts;
        url = kyRequest.url;
        hops = 0;
        continue;
      }
      const text = await this.#read(response, signal);
      this.#budget.checkpoint(this.#describe);
      answered(text);
      return this.#conclude(response, text, requestId);
    }
  }

  /** The answer's outcome: kept for the call when it is a success, else the error to reject with. */
  #conclude(response: Response, text: string, requestId: string | undefined): Response {
    const outcome = interpretAnswer(
      this.#settings,
      {
        method: this.#call.method,
        url: this.#call.url,
        status: response.status,
        headers: response.headers,
        requestId,
      },
      text,
      this.#schema,
    );
    if (!outcome.ok) throw recorded(outcome.error, outcome.failure);
    attemptResults.set(response, {
      data: outcome.data,
      status: response.status,
      headers: response.headers,
      requestId,
      attempts: this.#state.attempts,
    });
    return response;
  }

  /** Sends one request of the attempt (the first, or a redirect hop) and returns its answer. */
  async #send(
    kyRequest: Request,
    init: RequestInit | undefined,
    url: string,
    foreign: boolean,
    attempt: number,
  ): Promise<{ response: Response; sentUrl: string }> {
    const settings = this.#settings;
    const call = this.#call;
    const signal = kyRequest.signal;
    let outgoing: Request;
    if (foreign) {
      // Another origin the policy allows: a bare GET or HEAD, none of the call's headers.
      outgoing = new Request(url, {
        method: call.method,
        headers: {
          accept: "application/json",
          "user-agent": userAgent(settings.platform, settings.userAgent),
        },
        redirect: "manual",
        signal,
      });
    } else {
      const base =
        url === kyRequest.url
          ? kyRequest
          : new Request(url, { method: call.method, headers: kyRequest.headers, redirect: "manual", signal });
      outgoing = await this.#authorise(base, signal, attempt);
    }
    this.#budget.checkpoint(this.#describe);
    settings.events.request({
      method: call.method,
      url: outgoing.url,
      headers: outgoing.headers,
      attempt,
      ...(foreign ? {} : { idempotencyKey: call.idempotencyKey, body: call.bodyText }),
    });
    // The body joins the request only here, as it leaves. Handing it to ky costs a tee of the body
    // stream per call (ky's copy for retries of its own, cancelled after the call) and the standard
    // fetch would pipe a Request's body through a new stream; text in fetch's init costs neither
    // (bench/dispatch-layers.bench.ts: the adapters-over-raw step went from 0.92 to 1.02-1.15 with it).
    // The standard fetch takes it in its init; a custom fetch may read only the request (a wrapper that
    // builds a new Request from it), so it gets a request that carries the body.
    const body = foreign || call.bodyText === undefined ? { signal } : { body: call.bodyText, signal };
    try {
      const response = settings.customFetch()
        ? await settings.fetch()(new Request(outgoing, body), init)
        : await settings.fetch()(outgoing, { ...init, ...body });
      return { response, sentUrl: outgoing.url };
    } catch (thrown) {
      if (signal.aborted) throw signal.reason;
      throw recorded(new NetworkError({ ...this.#describe(), cause: thrown }), { kind: "network" });
    }
  }

  /**
   * The auth strategy's credentials on one request (never on another origin's). Here rather than in a ky
   * `beforeRequest` hook: a redirect hop the client follows needs them signed again for its own URL, and
   * ky's hook runs once per attempt, before any hop.
   */
  async #authorise(request: Request, signal: AbortSignal, attempt: number): Promise<Request> {
    const settings = this.#settings;
    const auth = settings.auth;
    if (!auth) return request;
    try {
      return (
        (await auth.apply(request, {
          platform: settings.platform,
          body: this.#call.bodyText,
          signal,
          fetch: settings.fetch(),
          now: settings.now,
          observe: settings.events.authObserver(attempt),
        })) ?? request
      );
    } catch (thrown) {
      if (AdapterErrorClass.isInstance(thrown) || signal.aborted) throw thrown;
      // A token provider that throws is a credentials problem, not a network one.
      throw new AuthenticationError({
        ...this.#describe(),
        platformMessage: `the ${auth.name} strategy could not provide credentials`,
        cause: thrown,
      });
    }
  }

  /** The answer's text within the size limit; a connection that breaks mid-body is a network error. */
  async #read(response: Response, signal: AbortSignal): Promise<string> {
    try {
      return await raceAbort(readBodyWithin(response, this.#call.maxResponseBytes, this.#describe()), signal);
    } catch (thrown) {
      if (signal.aborted || AdapterErrorClass.isInstance(thrown)) throw thrown;
      throw recorded(new NetworkError({ ...this.#describe(), cause: thrown }), { kind: "network" });
    }
  }
}

/** Records a failure for the retry policy and returns its error. */
function recorded(error: AdapterError, failure: AttemptFailure): AdapterError {
  attemptFailures.set(error, failure);
  return error;
}

function findRequestId(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}
