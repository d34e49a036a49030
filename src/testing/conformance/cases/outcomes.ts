/**
 * Per-target outcomes: every outcome the platform's protocol can express (its `outcomeVocabulary`) must
 * reach the request's decision event intact: the measure, where, on what ground, until when, and for a
 * decline the reason with the platform's own code and words. Nothing dropped, nothing invented.
 */

import type { StatusUpdate } from "../../../adapter/v1/spec.js";
import { toRequestEvents } from "../../../adapter/v1/to-request-events.js";
import type { PlatformOutcome } from "../../../domain/schemas/outcome.js";
import { targetKey } from "../../../domain/targets/target-key.js";
import { DECLINE_TEXTS, expressibleOutcomes, type MockOutcomeDetail } from "../../mock/outcome-detail.js";
import type { MockTargetOutcome } from "../../mock/types.js";
import { check, describeError, settle } from "../assert.js";
import type { CaseKit } from "../kit.js";
import type { CaseSpec } from "./spec.js";

/** The event outcome a target's detail must become. */
function expected(key: string, detail: MockOutcomeDetail, words: string | undefined): PlatformOutcome {
  return {
    target: key,
    measure: detail.measure,
    ...(detail.scope === undefined ? {} : { scope: detail.scope }),
    ...(detail.ground === undefined ? {} : { ground: detail.ground }),
    ...(detail.until === undefined ? {} : { until: detail.until }),
    ...(detail.reasonCode === undefined ? {} : { reasonCode: detail.reasonCode }),
    ...(detail.platformCode === undefined ? {} : { platformCode: detail.platformCode }),
    ...(words === undefined ? {} : { platformText: words }),
  } as PlatformOutcome;
}

const FIELDS = ["measure", "scope", "ground", "until", "reasonCode", "platformCode", "platformText"] as const;

/** Field by field, what differs between the outcome the platform sent and the one the event carries. */
function differences(want: PlatformOutcome, got: PlatformOutcome | undefined): string[] {
  if (!got) return ["the event has no outcome for it"];
  const same = (field: (typeof FIELDS)[number]) => {
    const a = want[field];
    const b = got[field];
    // Times are compared as instants: a platform may send seconds, the event keep milliseconds.
    if (field === "until" && typeof a === "string" && typeof b === "string")
      return Date.parse(a) === Date.parse(b);
    return JSON.stringify(a) === JSON.stringify(b);
  };
  return FIELDS.filter((field) => !same(field)).map(
    (field) =>
      `${field} ${got[field] === undefined ? "missing" : JSON.stringify(got[field])}, the platform sent ${want[field] === undefined ? "none" : JSON.stringify(want[field])}`,
  );
}

/**
 * Checks that the events an update makes carry, for every target of the mock's view with detail, exactly
 * the outcome the platform sent. Used by every status and webhook check, so no path may drop detail.
 */
export function expectOutcomesIntact(
  targets: readonly MockTargetOutcome[],
  update: StatusUpdate,
  keyOf: (mockKey: string) => string,
  what: string,
): void {
  const detailed = targets.filter((t) => t.detail !== undefined && t.outcome !== "pending");
  if (detailed.length === 0) return;
  let outcomes: readonly PlatformOutcome[] = [];
  try {
    outcomes = toRequestEvents(update).flatMap((event) =>
      "outcomes" in event ? (event.outcomes ?? []) : [],
    );
  } catch (error) {
    check(false, `${what}: the update does not make valid request events: ${describeError(error)}`);
  }
  for (const target of detailed) {
    const key = keyOf(target.key);
    const words = target.detail!.measure === "no-action" ? target.reason : undefined;
    const want = expected(key, target.detail!, words);
    const problems = differences(
      want,
      outcomes.find((o) => o.target === key),
    );
    check(
      problems.length === 0,
      `${what}: the outcome of ${key} (${describeDetail(target.detail!)}) did not reach the event intact: ${problems.join("; ")}`,
    );
  }
}

function describeDetail(detail: MockOutcomeDetail): string {
  if (detail.measure === "no-action") return `declined, ${detail.reasonCode}, code ${detail.platformCode}`;
  const where =
    detail.scope === undefined
      ? ""
      : Array.isArray(detail.scope)
        ? ` in ${detail.scope.join(",")}`
        : " worldwide";
  return `${detail.measure}${where}${detail.ground ? ` on ${detail.ground}` : ""}${detail.until ? ` until ${detail.until}` : ""}`;
}

async function poll(kit: CaseKit, platformRef: string, what: string): Promise<StatusUpdate> {
  const settled = await settle(kit.adapter.getStatus({ platformRef }), kit.settleMs);
  check(
    settled.state === "resolved",
    `${what}: getStatus ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
  );
  return settled.value;
}

export const outcomeCases: readonly CaseSpec[] = [
  {
    name: "outcomes: every outcome the platform can express reaches the event intact",
    skipUnless: ({ capabilities, mock }) =>
      !capabilities.statusPolling
        ? "status polling is not declared"
        : !mock.outcomeVocabulary
          ? "the mock says nothing per target (no outcomeVocabulary)"
          : undefined,
    async run(kit) {
      const { mock } = kit;
      const vocabulary = mock.outcomeVocabulary!;
      const stateOf = (outcome: "actioned" | "rejected") =>
        Object.keys(mock.states).find((state) => mock.states[state]?.outcome === outcome);
      const actioned = stateOf("actioned");
      const rejected = stateOf("rejected");
      check(actioned && rejected, "the mock has no actioned or no rejected state to put a decision in");
      for (const detail of expressibleOutcomes(vocabulary, "PK", mock.now())) {
        const { receipt, input } = await kit.submitOne();
        const ref = receipt.platformRef;
        const mockKey = mock.submission(ref)?.targets[0]?.key;
        check(mockKey, `the platform holds no target for ${ref}`);
        const declining = detail.measure === "no-action";
        const words = declining ? DECLINE_TEXTS[detail.reasonCode ?? "other"] : undefined;
        const target: MockTargetOutcome = {
          key: mockKey,
          outcome: declining ? "rejected" : "actioned",
          ...(words ? { reason: words } : {}),
          detail,
        };
        mock.force(ref, declining ? rejected : actioned, {
          targets: [target],
          ...(words ? { reason: words } : {}),
        });
        const what = `${describeDetail(detail)}`;
        const update = await poll(kit, ref, what);
        const key = targetKey(input.targets[0]!.target);
        expectOutcomesIntact(mock.view(ref)?.targets ?? [], update, () => key, what);
      }
    },
  },
];
