/**
 * Runner-neutral assertions for the conformance suite: plain functions that throw a
 * `ConformanceFailure` with a message saying what the adapter did and what the contract expects.
 */
import { inspect } from "node:util";
import { AdapterError } from "../../adapter/errors.js";

/**
 * Thrown when an adapter breaks the contract. The message says what happened and what was expected.
 *
 * @example
 * ```ts
 * import { ConformanceFailure } from "referral-kit/testing";
 *
 * if (ConformanceFailure.isInstance(error)) console.error(error.message);
 * ```
 */
export class ConformanceFailure extends Error {
  readonly code = "conformance_failure";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConformanceFailure";
    Object.defineProperty(this, Symbol.for("referral-kit.error.conformance"), { value: true });
  }

  /** True for failures from any installed copy of referral-kit. */
  static isInstance(value: unknown): value is ConformanceFailure {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[Symbol.for("referral-kit.error.conformance")] === true
    );
  }
}

/** Fails unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

/** How a call ended within a time bound. */
export type Settled<T> =
  | { readonly state: "resolved"; readonly value: T; readonly ms: number }
  | { readonly state: "rejected"; readonly error: unknown; readonly ms: number }
  | { readonly state: "pending"; readonly ms: number };

/** Waits for a call, at most `boundMs`, and says how it ended. Never throws. */
export async function settle<T>(promise: Promise<T>, boundMs: number): Promise<Settled<T>> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<"pending">((resolve) => {
    timer = setTimeout(() => resolve("pending"), boundMs);
  });
  try {
    const outcome = await Promise.race([
      promise.then(
        (value) => ({ state: "resolved" as const, value }),
        (error: unknown) => ({ state: "rejected" as const, error }),
      ),
      bound,
    ]);
    const ms = Date.now() - started;
    if (outcome === "pending") {
      promise.catch(() => undefined);
      return { state: "pending", ms };
    }
    return { ...outcome, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** How a call that should have resolved ended instead, for a failure message. */
export function describeSettled(settled: Settled<unknown>): string {
  if (settled.state === "resolved") return "resolved";
  if (settled.state === "pending") return `had not settled after ${settled.ms} ms`;
  return `failed: ${describeError(settled.error)}`;
}

/** Describes any thrown value for a failure message. */
export function describeError(error: unknown): string {
  if (AdapterError.isInstance(error))
    return `${error.name} (code ${error.code}, retryable ${error.retryable}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The call must have failed with an adapter error of this code; returns it. */
export function expectAdapterError(
  settled: Settled<unknown>,
  code: AdapterError["code"] | readonly AdapterError["code"][],
  what: string,
): AdapterError {
  const codes: readonly string[] = typeof code === "string" ? [code] : code;
  if (settled.state === "pending") {
    throw new ConformanceFailure(
      `${what}: the call had not settled after ${settled.ms} ms; expected a ${codes.join(" or ")} error`,
    );
  }
  if (settled.state === "resolved") {
    throw new ConformanceFailure(`${what}: the call succeeded; expected a ${codes.join(" or ")} error`);
  }
  const { error } = settled;
  if (!AdapterError.isInstance(error)) {
    throw new ConformanceFailure(
      `${what}: expected an AdapterError with code ${codes.join(" or ")}, got ${describeError(error)}`,
      { cause: error },
    );
  }
  if (!codes.includes(error.code)) {
    throw new ConformanceFailure(
      `${what}: expected code ${codes.join(" or ")}, got ${describeError(error)}`,
      {
        cause: error,
      },
    );
  }
  return error;
}

/**
 * Every text a value shows anywhere: what `util.inspect` prints of it (what a log line or a console
 * shows: attached requests and their headers, nested objects, non-JSON fields), its JSON (or `toJSON()`),
 * and for errors the message, stack and fields down the cause chain.
 */
function shownTexts(value: unknown, depth = 0): string[] {
  if (depth > 5 || value === null || value === undefined) return [];
  if (typeof value !== "object") return [String(value)];
  const texts: string[] = [
    inspect(value, {
      depth: 12,
      maxArrayLength: Number.POSITIVE_INFINITY,
      maxStringLength: Number.POSITIVE_INFINITY,
      breakLength: Number.POSITIVE_INFINITY,
    }),
  ];
  const record = value as Record<string, unknown> & { toJSON?: () => unknown };
  try {
    texts.push(String(value));
  } catch {
    // an object without a string form: its other texts are still checked
  }
  for (const key of ["message", "stack", "url", "platformMessage"]) {
    if (typeof record[key] === "string") texts.push(record[key] as string);
  }
  try {
    texts.push(JSON.stringify(typeof record.toJSON === "function" ? record.toJSON() : record) ?? "");
  } catch {
    // a cyclic value: its other texts are still checked
  }
  for (const field of Object.values(record)) if (typeof field === "string") texts.push(field);
  return value instanceof Error || "cause" in record
    ? [...texts, ...shownTexts(record.cause, depth + 1)]
    : texts;
}

/**
 * Fails when any secret shows anywhere in `value`: an error, a receipt, a status update, anything an
 * adapter hands back. Checked as `util.inspect` prints it, as JSON, and field by field.
 */
export function expectNoSecrets(value: unknown, secrets: readonly string[], what: string): void {
  const texts = shownTexts(value);
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    if (texts.some((text) => text.includes(secret))) {
      throw new ConformanceFailure(
        `${what}: a secret (${secret.length} characters, starting ${JSON.stringify(secret.slice(0, 2))}) appears in ${valueName(value)} (as util.inspect, JSON or its fields show it)`,
      );
    }
  }
}

function valueName(value: unknown): string {
  if (AdapterError.isInstance(value)) return `the ${value.name} (${value.code})`;
  return value instanceof Error ? `the ${value.name}` : "it";
}

/** Fails unless `value` is an ISO 8601 date-time with a zone. */
export function expectIsoDateTime(value: unknown, what: string): void {
  check(
    typeof value === "string" &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value),
    `${what}: expected an ISO 8601 date-time with a zone, got ${JSON.stringify(value)}`,
  );
}
