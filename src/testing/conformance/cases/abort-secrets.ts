/** Abort honoured at every stage, and no secret in any error. */
import { check, describeError, describeSettled, expectNoSecrets, settle } from "../assert.js";
import { type CaseKit, declaredOperations, prepare } from "../kit.js";
import type { CaseSpec } from "./spec.js";

/** How long after an abort the call must have rejected. */
const ABORT_BOUND_MS = 1_000;

async function abortMidCall(kit: CaseKit, operation: "submit" | "status") {
  let call: (signal: AbortSignal) => Promise<unknown>;
  if (operation === "status") {
    const { receipt } = await kit.submitOne();
    call = (signal) => kit.adapter.getStatus({ platformRef: receipt.platformRef }, { signal });
  } else {
    const input = kit.input(1);
    const key = kit.key();
    call = (signal) => kit.adapter.submit(input, { idempotencyKey: key, signal });
  }
  kit.mock.inject({ kind: "timeout", operation, times: Number.POSITIVE_INFINITY });
  const controller = new AbortController();
  const reason = new Error("conformance: aborted by the caller");
  const promise = call(controller.signal);
  // Abort while the first attempt is waiting (well within the per-attempt timeout).
  await new Promise((resolve) => setTimeout(resolve, 60));
  const abortedAt = Date.now();
  controller.abort(reason);
  const settled = await settle(promise, ABORT_BOUND_MS);
  check(
    settled.state !== "pending",
    `${operation}: the call had not settled ${ABORT_BOUND_MS} ms after its signal aborted`,
  );
  check(settled.state === "rejected", `${operation}: the call resolved after its signal aborted`);
  const { error } = settled;
  check(
    error === reason || (error instanceof Error && error.name === "AbortError"),
    `${operation}: an aborted call must reject with the signal's reason, got ${describeError(error)}`,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const late = kit.mock.records.filter((r) => r.operation === operation && r.receivedAt > abortedAt + 20);
  check(late.length === 0, `${operation}: ${late.length} request(s) reached the platform after the abort`);
}

export const abortSecretCases: readonly CaseSpec[] = [
  {
    name: "abort: an already aborted signal rejects before any HTTP",
    async run(kit) {
      const controller = new AbortController();
      controller.abort(new Error("conformance: aborted before the call"));
      const settled = await settle(
        kit.adapter.submit(kit.input(1), { idempotencyKey: kit.key(), signal: controller.signal }),
        ABORT_BOUND_MS,
      );
      check(settled.state === "rejected", `the call ${settled.state} with an aborted signal`);
      check(kit.mock.records.length === 0, `${kit.mock.records.length} request(s) reached the platform`);
    },
  },
  {
    name: "abort: aborting a submit mid-call rejects at once with the signal's reason",
    run: (kit) => abortMidCall(kit, "submit"),
  },
  {
    name: "abort: aborting a status poll mid-call rejects at once with the signal's reason",
    skipUnless: ({ capabilities }) =>
      capabilities.statusPolling ? undefined : "status polling is not declared",
    run: (kit) => abortMidCall(kit, "status"),
  },
  {
    name: "secrets: no secret appears in any error or receipt",
    async run(kit) {
      const { adapter, mock, secrets } = kit;
      const { receipt } = await kit.submitOne();
      expectNoSecrets(receipt, secrets, "the receipt");
      const faults = [
        { kind: "expired-token" },
        { kind: "forbidden" },
        { kind: "malformed-json" },
        { kind: "wrong-content-type" },
        { kind: "rate-limit", retryAfterSeconds: 3_600 },
      ] as const;
      for (const operation of declaredOperations(adapter.capabilities)) {
        for (const fault of faults) {
          const call = await prepare(kit, operation);
          mock.inject({ ...fault, operation, times: Number.POSITIVE_INFINITY });
          const settled = await settle(call(), kit.settleMs);
          mock.clearInjections();
          check(settled.state === "rejected", `${operation} under ${fault.kind}: the call ${settled.state}`);
          expectNoSecrets(settled.error, secrets, `the ${operation} error under ${fault.kind}`);
        }
      }
      if (adapter.capabilities.statusPolling) {
        const settled = await settle(adapter.getStatus({ platformRef: "999999999999" }), kit.settleMs);
        if (settled.state === "rejected")
          expectNoSecrets(settled.error, secrets, "the error for an unknown reference");
      }
    },
  },
  {
    name: "secrets: no secret appears in a status update, withdraw receipt or webhook result",
    skipUnless: ({ capabilities: c }) =>
      c.statusPolling || c.withdrawal || c.webhooks
        ? undefined
        : "neither status polling, withdrawal nor webhooks is declared",
    async run(kit) {
      const { adapter, mock, secrets } = kit;
      if (adapter.capabilities.statusPolling) {
        for (const state of Object.keys(mock.states)) {
          const { receipt } = await kit.submitOne();
          mock.force(receipt.platformRef, state);
          const settled = await settle(adapter.getStatus({ platformRef: receipt.platformRef }), kit.settleMs);
          check(settled.state === "resolved", `getStatus in state "${state}": ${describeSettled(settled)}`);
          expectNoSecrets(settled.value, secrets, `the status update in state "${state}"`);
        }
      }
      if (adapter.capabilities.withdrawal && adapter.withdraw) {
        const { receipt } = await kit.submitOne();
        const settled = await settle(
          adapter.withdraw(
            { platformRef: receipt.platformRef, reason: "conformance: order set aside" },
            { idempotencyKey: kit.key() },
          ),
          kit.settleMs,
        );
        check(settled.state === "resolved", `withdraw: ${describeSettled(settled)}`);
        expectNoSecrets(settled.value, secrets, "the withdraw receipt");
      }
      if (adapter.capabilities.webhooks && adapter.parseWebhook && mock.webhook) {
        const { receipt } = await kit.submitOne();
        const settled = await settle(adapter.parseWebhook(await mock.webhook(receipt.platformRef)), 5_000);
        check(settled.state === "resolved", `parseWebhook: ${describeSettled(settled)}`);
        expectNoSecrets(settled.value, secrets, "the webhook result");
      }
    },
  },
];
