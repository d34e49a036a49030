/** Receipts, status mapping for every platform state, the platform's clock, webhooks and withdrawal. */

import type { StatusUpdate } from "../../../adapter/v1/spec.js";
import { toRequestEvents } from "../../../adapter/v1/to-request-events.js";
import { targetKey } from "../../../domain/targets/target-key.js";
import { check, describeError, expectAdapterError, expectIsoDateTime, settle } from "../assert.js";
import type { CaseKit } from "../kit.js";
import { expectReachedPlatform } from "./capabilities.js";
import { expectOutcomesIntact } from "./outcomes.js";
import type { CaseSpec } from "./spec.js";

const noPolling = ({ capabilities }: { capabilities: { statusPolling: boolean } }) =>
  capabilities.statusPolling ? undefined : "status polling is not declared";

async function poll(kit: CaseKit, platformRef: string, what: string): Promise<StatusUpdate> {
  const settled = await settle(kit.adapter.getStatus({ platformRef }), kit.settleMs);
  check(
    settled.state === "resolved",
    `${what}: getStatus ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
  );
  return settled.value;
}

/** The update must say what the mock's view of the submission says. */
function expectMatchesView(kit: CaseKit, update: StatusUpdate, ref: string, what: string): void {
  const view = kit.mock.view(ref);
  check(view, `${what}: the mock has no submission ${ref}`);
  const expected = kit.mock.states[view.state]?.outcome;
  check(
    update.platformRef === ref,
    `${what}: platformRef is ${JSON.stringify(update.platformRef)}, expected ${JSON.stringify(ref)}`,
  );
  expectIsoDateTime(update.at, `${what}: at`);
  check(
    update.platformState === view.state,
    `${what}: platformState is ${JSON.stringify(update.platformState)}, the platform sent ${JSON.stringify(view.state)}`,
  );
  check(
    update.outcome === expected,
    `${what}: platform state "${view.state}" mapped to "${update.outcome}", expected "${expected}"`,
  );
  if (
    (update.outcome === "rejected" ||
      update.outcome === "needs-information" ||
      update.outcome === "withdrawn") &&
    view.reason
  ) {
    check(
      update.reason.includes(view.reason),
      `${what}: reason ${JSON.stringify(update.reason)} does not carry the platform's ${JSON.stringify(view.reason)}`,
    );
  }
  if (update.outcome === "partially-actioned") {
    const actioned = (list: readonly { key: string; outcome: string }[] | undefined) =>
      (list ?? [])
        .filter((t) => t.outcome === "actioned")
        .map((t) => t.key)
        .sort();
    check(
      JSON.stringify(actioned(update.targets)) === JSON.stringify(actioned(view.targets)),
      `${what}: actioned targets ${JSON.stringify(actioned(update.targets))}, the platform actioned ${JSON.stringify(actioned(view.targets))}`,
    );
  }
  try {
    toRequestEvents(update);
  } catch (error) {
    check(false, `${what}: the update does not make valid request events: ${describeError(error)}`);
  }
  expectOutcomesIntact(view.targets, update, (key) => key, what);
}

export const submitStatusCases: readonly CaseSpec[] = [
  {
    name: "submit: the receipt carries the platform's reference, a time and every target",
    async run(kit) {
      const count = Math.min(2, kit.adapter.capabilities.maxTargetsPerCall);
      const input = kit.input(count);
      const key = kit.key();
      const before = kit.mock.submissions().length;
      const settled = await settle(kit.adapter.submit(input, { idempotencyKey: key }), kit.settleMs);
      check(
        settled.state === "resolved",
        `submit ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
      );
      const receipt = settled.value;
      const created = kit.mock.createdReferences();
      check(created.length === 1, `one submit created ${created.length} platform requests`);
      check(
        receipt.platformRef === created[0],
        `receipt platformRef ${JSON.stringify(receipt.platformRef)}, the platform created ${JSON.stringify(created[0])}`,
      );
      expectIsoDateTime(receipt.acceptedAt, "receipt acceptedAt");
      const sent = input.targets.map((t) => targetKey(t.target)).sort();
      const named = receipt.targets.map((t) => t.key).sort();
      check(
        JSON.stringify(sent) === JSON.stringify(named),
        `receipt names targets ${JSON.stringify(named)}, sent ${JSON.stringify(sent)}`,
      );
      const [record] = kit.mock.records.filter((r) => r.operation === "submit");
      check(record?.idempotencyKey, "the submit reached the platform without an idempotency key");
      expectReachedPlatform(kit, input, receipt, before, "the submit");
    },
  },
  {
    name: "status: every platform state maps to its outcome",
    skipUnless: noPolling,
    async run(kit) {
      for (const state of Object.keys(kit.mock.states)) {
        const { receipt } = await kit.submitOne();
        kit.mock.force(receipt.platformRef, state);
        const update = await poll(kit, receipt.platformRef, `state "${state}"`);
        expectMatchesView(kit, update, receipt.platformRef, `state "${state}"`);
      }
    },
  },
  {
    name: "status: decisions appear as the platform's clock moves",
    skipUnless: noPolling,
    async run(kit) {
      kit.mock.setScenario({
        outcomes: { rejected: 1 },
        reviewDelay: { distribution: "fixed", ms: 60_000 },
        decisionDelay: { distribution: "fixed", ms: 3_600_000 },
      });
      const { receipt } = await kit.submitOne();
      const ref = receipt.platformRef;
      expectMatchesView(kit, await poll(kit, ref, "at submission"), ref, "at submission");
      kit.mock.advance(60_000);
      expectMatchesView(kit, await poll(kit, ref, "in review"), ref, "in review");
      kit.mock.advance(3_600_000);
      const decided = await poll(kit, ref, "decided");
      expectMatchesView(kit, decided, ref, "decided");
      check(
        decided.outcome === "rejected",
        `after the decision the outcome is "${decided.outcome}", expected "rejected"`,
      );
    },
  },
  {
    name: "status: an unknown reference is NotFoundError",
    skipUnless: noPolling,
    async run(kit) {
      const settled = await settle(kit.adapter.getStatus({ platformRef: "999999999999" }), kit.settleMs);
      const error = expectAdapterError(settled, "not_found", "getStatus of an unknown reference");
      check(!error.retryable, "NotFoundError must not be retryable");
    },
  },
  {
    name: "webhooks: a signed webhook gives the same update as a poll",
    skipUnless: ({ capabilities }) => (capabilities.webhooks ? undefined : "webhooks are not declared"),
    async run(kit) {
      const { adapter, mock } = kit;
      check(mock.webhook, "the adapter declares webhooks but the mock cannot send any");
      check(adapter.parseWebhook, "the adapter declares webhooks but has no parseWebhook");
      for (const state of Object.keys(mock.states).filter((s) => mock.states[s]?.outcome !== "withdrawn")) {
        const { receipt } = await kit.submitOne();
        mock.force(receipt.platformRef, state);
        const settled = await settle(adapter.parseWebhook(await mock.webhook(receipt.platformRef)), 5_000);
        check(
          settled.state === "resolved",
          `webhook for "${state}": parseWebhook ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
        );
        const update = settled.value.updates.find((u) => u.platformRef === receipt.platformRef);
        check(update, `webhook for "${state}": no update for ${receipt.platformRef}`);
        expectMatchesView(kit, update, receipt.platformRef, `webhook for "${state}"`);
      }
    },
  },
  {
    name: "webhooks: a tampered, unsigned, stale or wrongly signed webhook is AuthenticationError",
    skipUnless: ({ capabilities }) => (capabilities.webhooks ? undefined : "webhooks are not declared"),
    async run(kit) {
      const { adapter, mock } = kit;
      check(
        mock.webhook && adapter.parseWebhook,
        "webhooks declared, but the mock or the adapter cannot handle them",
      );
      const { receipt } = await kit.submitOne();
      mock.force(receipt.platformRef, Object.keys(mock.states)[0] ?? "");
      const variants = {
        tampered: { tamper: true },
        unsigned: { unsigned: true },
        "stale (an hour old)": { ageSeconds: 3_600 },
        "signed with another secret": { secret: "not-the-webhook-secret-0000" },
      } as const;
      for (const [label, options] of Object.entries(variants)) {
        const request = await mock.webhook(receipt.platformRef, options);
        const settled = await settle(adapter.parseWebhook(request), 5_000);
        expectAdapterError(settled, "authentication_failed", `a ${label} webhook`);
      }
    },
  },
  {
    name: "withdraw: withdraws the submission on the platform",
    skipUnless: ({ capabilities }) => (capabilities.withdrawal ? undefined : "withdrawal is not declared"),
    async run(kit) {
      const { adapter, mock } = kit;
      check(adapter.withdraw, "withdrawal is declared but there is no withdraw method");
      const { receipt } = await kit.submitOne();
      const settled = await settle(
        adapter.withdraw(
          { platformRef: receipt.platformRef, reason: "conformance: order set aside" },
          { idempotencyKey: kit.key() },
        ),
        kit.settleMs,
      );
      check(
        settled.state === "resolved",
        `withdraw ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
      );
      check(
        settled.value.platformRef === receipt.platformRef,
        `withdraw receipt names ${settled.value.platformRef}, expected ${receipt.platformRef}`,
      );
      expectIsoDateTime(settled.value.withdrawnAt, "withdrawnAt");
      check(mock.submission(receipt.platformRef)?.withdrawn, "the platform did not record a withdrawal");
    },
  },
];
