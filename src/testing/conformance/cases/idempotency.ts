/** Idempotency: a repeated or retried submit never creates a second platform request. */

import { AdapterError } from "../../../adapter/errors.js";
import type { SubmitReceipt } from "../../../adapter/v1/spec.js";
import type { FaultInjection } from "../../mock/faults.js";
import { check, describeError, settle } from "../assert.js";
import type { CaseKit } from "../kit.js";
import type { CaseSpec } from "./spec.js";

/** Submits once with a fault injected; when the call fails (retryably), repeats it with the same key. */
async function submitThrough(kit: CaseKit, fault: FaultInjection, what: string): Promise<void> {
  const input = kit.input(1);
  const key = kit.key();
  kit.mock.inject(fault);
  const first = await settle(kit.adapter.submit(input, { idempotencyKey: key }), kit.settleMs);
  check(first.state !== "pending", `${what}: the submit had not settled after ${first.ms} ms`);
  let receipt: SubmitReceipt;
  if (first.state === "resolved") {
    receipt = first.value;
  } else {
    check(
      AdapterError.isInstance(first.error) && first.error.retryable,
      `${what}: the submit failed with ${describeError(first.error)}; a lost answer must be a retryable AdapterError`,
    );
    // What a caller does with a retryable failure: the same call, the same key.
    const second = await settle(kit.adapter.submit(input, { idempotencyKey: key }), kit.settleMs);
    check(
      second.state === "resolved",
      `${what}: repeating the submit with the same key ${second.state === "rejected" ? `failed: ${describeError(second.error)}` : "did not settle"}`,
    );
    receipt = second.value;
  }
  const created = kit.mock.createdReferences();
  check(
    created.length === 1,
    `${what}: ${created.length} platform requests were created for one logical submit; a retry reached the platform without the idempotency key (or with a different one)`,
  );
  check(
    receipt.platformRef === created[0],
    `${what}: the receipt names ${receipt.platformRef}, the platform created ${created[0]}`,
  );
  const keys = new Set(kit.mock.records.filter((r) => r.operation === "submit").map((r) => r.idempotencyKey));
  check(!keys.has(undefined), `${what}: a submit reached the platform without an idempotency key`);
  check(keys.size === 1, `${what}: the attempts carried ${keys.size} different idempotency keys`);
}

export const idempotencyCases: readonly CaseSpec[] = [
  {
    name: "idempotency: repeating a submit with the same key creates one platform request",
    async run(kit) {
      const input = kit.input(1);
      const key = kit.key();
      const first = await kit.adapter.submit(input, { idempotencyKey: key });
      const second = await settle(kit.adapter.submit(input, { idempotencyKey: key }), kit.settleMs);
      check(
        second.state === "resolved",
        `the repeated submit ${second.state === "rejected" ? `failed: ${describeError(second.error)}` : "did not settle"}`,
      );
      check(
        second.value.platformRef === first.platformRef,
        `the repeat names ${second.value.platformRef}, the first ${first.platformRef}`,
      );
      check(
        kit.mock.createdReferences().length === 1,
        `${kit.mock.createdReferences().length} platform requests were created`,
      );
    },
  },
  {
    name: "idempotency: a submit whose answer was lost (connection reset) creates one platform request",
    run: (kit) =>
      submitThrough(kit, { kind: "reset", operation: "submit", when: "after" }, "reset after processing"),
  },
  {
    name: "idempotency: a submit whose answer never came (timeout) creates one platform request",
    run: (kit) =>
      submitThrough(kit, { kind: "timeout", operation: "submit", when: "after" }, "timeout after processing"),
  },
  {
    name: "idempotency: a submit that hit a 503 after processing creates one platform request",
    run: (kit) =>
      submitThrough(
        kit,
        { kind: "server-error", status: 503, operation: "submit", when: "after" },
        "503 after processing",
      ),
  },
];
