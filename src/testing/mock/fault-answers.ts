/**
 * Injected faults: the queue of faults waiting for calls, and how each fault answers the call it takes.
 */
import { HttpResponse } from "msw";
import type { FaultInjection, MockOperation } from "./faults.js";
import { withHeaders } from "./responses.js";
import type { MockError } from "./types.js";

/**
 * Faults waiting for calls, each for a number of calls, first injected first taken.
 * @internal
 *
 * @example
 * ```ts
 * const queue = new FaultQueue();
 * queue.inject({ kind: "reset", operation: "submit" });
 * queue.take("submit")?.kind; // "reset"
 * ```
 */
export class FaultQueue {
  private waiting: { fault: FaultInjection; left: number }[] = [];

  inject(fault: FaultInjection): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new RangeError(`an injection applies to at least one call, got times: ${times}`);
    this.waiting.push({ fault, left: times });
  }

  /** The fault the next call of `operation` meets, if any (counted as used). */
  take(operation: MockOperation): FaultInjection | undefined {
    const index = this.waiting.findIndex(
      ({ fault }) => (fault.operation ?? "any") === "any" || fault.operation === operation,
    );
    const pending = this.waiting[index];
    if (!pending) return undefined;
    pending.left -= 1;
    if (pending.left <= 0) this.waiting.splice(index, 1);
    return pending.fault;
  }

  pending(): FaultInjection[] {
    return this.waiting.map(({ fault, left }) => ({ ...fault, times: left }));
  }

  clear(): void {
    this.waiting = [];
  }
}

/** Calls held open by a `timeout` fault; `reset()` releases them. */
export type HangingCalls = Set<() => void>;

/**
 * The answer a fault gives a call: an error in the platform's shape (`fail`), a broken or odd answer
 * (`finish` adds the usual headers), or a connection that resets or never answers.
 * @internal
 *
 * @example
 * ```ts
 * return answerFault({ kind: "rate-limit", retryAfterSeconds: 2 }, request, fail, finish, hanging);
 * ```
 */
export async function answerFault(
  fault: FaultInjection,
  request: Request,
  fail: (error: MockError) => Response,
  finish: (response: Response) => Response,
  hanging: HangingCalls,
): Promise<Response> {
  switch (fault.kind) {
    case "rate-limit":
      return rateLimited(fault, fail);
    case "server-error": {
      const status = fault.status ?? 500;
      return fail({
        kind: "server-error",
        status,
        message: status === 503 ? "Service unavailable, try again later." : "Internal error.",
        ...(fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds }),
      });
    }
    case "timeout":
      await new Promise<void>((resolve) => {
        const release = () => {
          hanging.delete(release);
          resolve();
        };
        hanging.add(release);
        if (request.signal.aborted) release();
        request.signal.addEventListener("abort", release, { once: true });
      });
      return HttpResponse.error();
    case "reset":
      return HttpResponse.error();
    case "malformed-json":
      return finish(jsonText('{"data":{"id":"'));
    case "wrong-shape":
      return finish(jsonText('{"unexpected":true}'));
    case "wrong-content-type":
      return finish(
        new Response("<html><body><h1>Service temporarily unavailable</h1></body></html>", {
          status: 200,
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
      );
    case "expired-token": {
      // Echoes the credential, as careless platforms do: an adapter must keep it out of its errors.
      const presented = request.headers.get("authorization")?.replace(/^\S+\s+/, "");
      return fail({
        kind: "expired-token",
        status: 401,
        message: presented ? `Invalid or expired token: ${presented}` : "The access token has expired.",
      });
    }
    case "forbidden":
      return fail({
        kind: "forbidden",
        status: 403,
        message: "These credentials are not allowed to make this request.",
      });
  }
}

function rateLimited(
  fault: Extract<FaultInjection, { kind: "rate-limit" }>,
  fail: (error: MockError) => Response,
): Response {
  const seconds = fault.retryAfterSeconds ?? 1;
  const response = fail({
    kind: "rate-limit",
    status: 429,
    message: "Too many requests.",
    retryAfterSeconds: seconds,
  });
  if (fault.format !== "http-date") return response;
  // HTTP-dates have whole seconds: round up, so the wait is never shorter than asked.
  const at = new Date((Math.ceil(Date.now() / 1000) + seconds) * 1000).toUTCString();
  return withHeaders(response, { "retry-after": at }, true);
}

function jsonText(text: string): Response {
  return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
}
