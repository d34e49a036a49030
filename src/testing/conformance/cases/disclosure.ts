/**
 * Disclosure and preservation: the fields of a `disclose-data` request reach the platform, and a decided
 * disclosure or preservation becomes that kind's event (with the production receipt), not a generic one.
 */
import { toRequestEvents } from "../../../adapter/v1/to-request-events.js";
import { preservationRule } from "../../../domain/preservation.js";
import type { RequestKind } from "../../../domain/schemas/request.js";
import { check, describeError, settle } from "../assert.js";
import type { CaseKit } from "../kit.js";
import type { CaseSpec } from "./spec.js";

const needs =
  (kind: RequestKind) =>
  ({ capabilities }: { capabilities: { requestKinds: readonly RequestKind[]; statusPolling: boolean } }) =>
    !capabilities.requestKinds.includes(kind)
      ? `${kind} is not declared`
      : !capabilities.statusPolling
        ? "status polling is not declared"
        : undefined;

/** Letters and digits only, lower case: `domestic-order`, `DOMESTIC_ORDER` and `domesticOrder` compare equal. */
const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Every number and every string in a JSON value, depth first. */
function* leaves(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) for (const item of value) yield* leaves(item);
  else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) yield* leaves(item);
  } else yield value;
}

/** Submits one request of the kind, moves it to the platform's "actioned" state and polls it. */
async function decided(kit: CaseKit, kind: RequestKind) {
  const { receipt, input } = await kit.submitOne({ kind, type: "account" });
  const actioned = Object.keys(kit.mock.states).find(
    (state) => kit.mock.states[state]?.outcome === "actioned",
  );
  check(actioned, "the mock has no state that means actioned");
  kit.mock.force(receipt.platformRef, actioned);
  const settled = await settle(kit.adapter.getStatus({ platformRef: receipt.platformRef }), kit.settleMs);
  check(
    settled.state === "resolved",
    `getStatus of a decided ${kind} ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
  );
  return { update: settled.value, input };
}

export const disclosureCases: readonly CaseSpec[] = [
  {
    name: "disclosure: the instrument, the accounts and the statement of reasons reach the platform",
    skipUnless: ({ capabilities }) =>
      capabilities.requestKinds.includes("disclose-data") ? undefined : "disclose-data is not declared",
    async run(kit) {
      const { input } = await kit.submitOne({ kind: "disclose-data", type: "account" });
      const disclosure = input.request.disclosure;
      check(disclosure, "the conformance request has no disclosure details");
      const [record] = kit.mock.records.filter((r) => r.operation === "submit");
      const sent = plain(JSON.stringify(record?.body ?? ""));
      const expected: [string, string][] = [
        ["the instrument", disclosure.instrument],
        ["the statement of reasons", disclosure.statementOfReasons],
        ...disclosure.dataCategories.map((category): [string, string] => ["a data category", category]),
        ...disclosure.accounts.map((account): [string, string] => ["an account", account]),
      ];
      for (const [what, value] of expected) {
        // A data category may have the platform's own name: its first word is enough ("traffic", "subscriber").
        const needle = what === "a data category" ? plain(value.split("-")[0]!) : plain(value);
        check(
          sent.includes(needle),
          `${what} (${JSON.stringify(value)}) did not reach the platform in the submitted body`,
        );
      }
    },
  },
  {
    name: "disclosure: a decided disclosure is recorded as a production with its receipt, or as no data",
    skipUnless: needs("disclose-data"),
    async run(kit) {
      const { update } = await decided(kit, "disclose-data");
      let events: ReturnType<typeof toRequestEvents>;
      try {
        events = toRequestEvents(update, { kind: "disclose-data", current: "submitted" });
      } catch (error) {
        check(false, `the update of a decided disclosure makes no events: ${describeError(error)}`);
      }
      const [event] = events;
      check(
        event?.type === "produced" || event?.type === "partially-produced" || event?.type === "no-data",
        `a decided disclosure became ${JSON.stringify(event?.type)}, expected produced, partially-produced or no-data`,
      );
      if (event.type === "no-data") return;
      const files = [...(event.receipt.package ? [event.receipt.package] : []), ...event.receipt.files];
      check(files.length > 0, "the production receipt lists no file");
      for (const file of files) {
        check(/^[0-9a-f]{64}$/.test(file.sha256), `produced file ${file.name} has no SHA-256`);
      }
      check(event.receipt.platformRef, "the production receipt has no platform reference");
    },
  },
  {
    name: "preservation: the rule's period and its name or source reach the platform",
    skipUnless: ({ capabilities }) =>
      capabilities.requestKinds.includes("preserve") ? undefined : "preserve is not declared",
    async run(kit) {
      const { input } = await kit.submitOne({ kind: "preserve", type: "account" });
      const rule = preservationRule(input.request);
      check(rule, "the conformance request has no preservation rule");
      const [record] = kit.mock.records.filter((r) => r.operation === "submit");
      const body = record?.body ?? "";
      const sent = plain(JSON.stringify(body));
      check(
        sent.includes(plain(rule.name)) || sent.includes(plain(rule.url)),
        `the preservation rule (${JSON.stringify(rule.name)}, ${rule.url}) did not reach the platform in the submitted body`,
      );
      // The period as a number on the wire (days or months): a platform cannot keep data "for the rule's period" without it.
      const count = "days" in rule.period ? rule.period.days : rule.period.months;
      check(
        [...leaves(body)].some((leaf) => leaf === count || leaf === String(count)),
        `the preservation period (${JSON.stringify(rule.period)}) did not reach the platform in the submitted body`,
      );
    },
  },
  {
    name: "preservation: a decided preservation is recorded as preserved",
    skipUnless: needs("preserve"),
    async run(kit) {
      const { update } = await decided(kit, "preserve");
      const [event] = toRequestEvents(update, { kind: "preserve", current: "submitted" });
      check(
        event?.type === "preserved" || event?.type === "no-data",
        `a decided preservation became ${JSON.stringify(event?.type)}, expected preserved or no-data`,
      );
      if (event.type === "preserved" && event.preservedUntil !== undefined) {
        check(
          Date.parse(event.preservedUntil) > Date.parse(update.at),
          `the preservation ends (${event.preservedUntil}) before it was confirmed (${update.at})`,
        );
      }
    },
  },
];
