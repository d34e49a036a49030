/** Capability honesty: declare only what the platform does, and refuse the rest before any HTTP. */
import { UnsupportedCapabilityError } from "../../../adapter/errors.js";
import { AdapterCapabilitiesSchema, targetTypesFor } from "../../../adapter/v1/capabilities-schema.js";
import type { SubmitInput, SubmitReceipt } from "../../../adapter/v1/spec.js";
import type { PlatformId } from "../../../domain/platforms.js";
import { REQUEST_KINDS } from "../../../domain/schemas/request.js";
import { targetKey } from "../../../domain/targets/target-key.js";
import { check, describeError, settle } from "../assert.js";
import { conformanceRequest, defaultTarget } from "../fixtures.js";
import type { CaseKit } from "../kit.js";
import type { CaseSpec } from "./spec.js";

async function expectUnsupported(kit: CaseKit, call: () => Promise<unknown>, what: string): Promise<void> {
  const settled = await settle(call(), 5_000);
  check(
    settled.state === "rejected",
    `${what}: expected UnsupportedCapabilityError, the call ${settled.state}`,
  );
  check(
    UnsupportedCapabilityError.isInstance(settled.error),
    `${what}: expected UnsupportedCapabilityError, got ${describeError(settled.error)}`,
  );
  check(
    kit.mock.records.length === 0,
    `${what}: ${kit.mock.records.length} HTTP call(s) reached the platform; none should`,
  );
}

/**
 * What reached the platform for one submit: every target sent is in a submission the platform created
 * during the call, and every target the receipt calls accepted is among them. A receipt alone can claim
 * anything; the mock is the independent view.
 */
export function expectReachedPlatform(
  kit: CaseKit,
  input: SubmitInput,
  receipt: SubmitReceipt,
  submissionsBefore: number,
  what: string,
): void {
  const created = kit.mock.submissions().slice(submissionsBefore);
  const reached = new Set(created.flatMap((s) => s.targets.map((t) => t.key)));
  const sent = input.targets.map((t) => targetKey(t.target));
  const missing = sent.filter((key) => !reached.has(key));
  check(
    missing.length === 0,
    `${what}: ${missing.length} of the ${sent.length} targets sent never reached the platform (first: ${JSON.stringify(missing[0])}), yet the receipt names ${receipt.targets.length}`,
  );
  const claimed = receipt.targets.filter((t) => t.status === "accepted" && !reached.has(t.key));
  check(
    claimed.length === 0,
    `${what}: the receipt says ${claimed.length} target(s) were accepted that the platform never received (first: ${JSON.stringify(claimed[0]?.key)})`,
  );
}

/** A built-in platform other than `platform`, for requests the adapter must refuse. */
function otherPlatform(platform: string): PlatformId {
  return platform === "x" ? "telegram" : "x";
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

export const capabilityCases: readonly CaseSpec[] = [
  {
    name: "capabilities: declarations are valid and within what the platform supports",
    async run({ adapter, mock }) {
      check(
        adapter.specificationVersion === "v1",
        `specificationVersion is ${JSON.stringify(adapter.specificationVersion)}, expected "v1"`,
      );
      check(
        adapter.platform === mock.platform,
        `platform is ${JSON.stringify(adapter.platform)}, the mock is ${JSON.stringify(mock.platform)}`,
      );
      const parsed = AdapterCapabilitiesSchema.safeParse(adapter.capabilities);
      check(parsed.success, `capabilities do not validate: ${parsed.success ? "" : parsed.error.message}`);
      const caps = adapter.capabilities;
      const { supports } = mock;
      for (const kind of caps.requestKinds) {
        check(
          supports.requestKinds.includes(kind),
          `declares request kind "${kind}", which the platform does not accept`,
        );
      }
      for (const type of caps.targetTypes) {
        check(
          supports.targetTypes.includes(type),
          `declares target type "${type}", which the platform does not accept`,
        );
      }
      check(
        !caps.withdrawal || supports.withdrawal,
        "declares withdrawal, which the platform does not offer",
      );
      check(!caps.webhooks || supports.webhooks, "declares webhooks, which the platform does not send");
      check(
        !caps.statusPolling || supports.statusPolling,
        "declares status polling, which the platform does not offer",
      );
      check(
        caps.maxTargetsPerCall <= supports.maxTargetsPerCall,
        `declares ${caps.maxTargetsPerCall} targets per call; the platform takes at most ${supports.maxTargetsPerCall}`,
      );
    },
  },
  {
    name: "capabilities: every declared request kind is accepted by the platform",
    async run(kit) {
      // A kind may take only some target types (remove-content takes content): each type declared for
      // the kind is tried in turn, and one the platform accepts is enough.
      const { capabilities } = kit.adapter;
      for (const kind of capabilities.requestKinds) {
        const failures: string[] = [];
        let accepted = false;
        for (const type of targetTypesFor(capabilities, kind)) {
          const before = kit.mock.submissions().length;
          const settled = await settle(
            kit.adapter.submit(kit.input(1, { kind, type }), { idempotencyKey: kit.key() }),
            kit.settleMs,
          );
          const created = kit.mock.submissions().slice(before);
          if (settled.state !== "resolved") {
            failures.push(
              `with ${type === "account" ? "an" : "a"} ${type} target ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
            );
            continue;
          }
          accepted = true;
          check(
            created.length === 1,
            `submitting "${kind}" created ${created.length} platform requests, expected 1`,
          );
          const understood = created[0]?.kind;
          check(
            understood === undefined || understood === kind,
            `submitted "${kind}" but the platform understood "${understood}"`,
          );
          break;
        }
        check(accepted, `declares "${kind}" but submitting it ${failures.join("; ")}`);
      }
    },
  },
  {
    name: "capabilities: every declared target type is accepted by the platform",
    async run(kit) {
      // A type may serve only some kinds: each kind declared to take it is tried in turn, one is enough.
      const { capabilities } = kit.adapter;
      for (const type of capabilities.targetTypes) {
        const failures: string[] = [];
        let accepted = false;
        for (const kind of capabilities.requestKinds.filter((k) =>
          targetTypesFor(capabilities, k).includes(type),
        )) {
          const input = kit.input(1, { kind, type });
          const settled = await settle(
            kit.adapter.submit(input, { idempotencyKey: kit.key() }),
            kit.settleMs,
          );
          if (settled.state !== "resolved") {
            failures.push(
              `as "${kind}" ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
            );
            continue;
          }
          accepted = true;
          const record = kit.mock.records.filter((r) => r.operation === "submit").at(-1);
          const sent = input.targets.map((t) => targetKey(t.target));
          check(
            record === undefined || record.targets.length === 0 || sameKeys(record.targets, sent),
            `sent ${JSON.stringify(sent)} but the platform read ${JSON.stringify(record?.targets)}`,
          );
          break;
        }
        check(accepted, `declares target type "${type}" but submitting one ${failures.join("; ")}`);
      }
    },
  },
  {
    name: "capabilities: a call with maxTargetsPerCall targets is accepted",
    async run(kit) {
      const max = kit.adapter.capabilities.maxTargetsPerCall;
      const input = kit.input(max);
      const before = kit.mock.submissions().length;
      const settled = await settle(kit.adapter.submit(input, { idempotencyKey: kit.key() }), kit.settleMs);
      check(
        settled.state === "resolved",
        `declares ${max} targets per call, but a call with ${max} ${settled.state === "rejected" ? `failed: ${describeError(settled.error)}` : "did not settle"}`,
      );
      check(
        settled.value.targets.length === max,
        `the receipt names ${settled.value.targets.length} targets, ${max} were sent`,
      );
      expectReachedPlatform(kit, input, settled.value, before, `a call with ${max} targets`);
    },
  },
  {
    name: "capabilities: a request or target of another platform fails before any HTTP",
    async run(kit) {
      const { capabilities } = kit.adapter;
      const other = otherPlatform(kit.mock.platform);
      const kind = capabilities.requestKinds[0] ?? "suspend";
      const type = targetTypesFor(capabilities, kind)[0] ?? "account";
      const foreign = conformanceRequest({ platform: other, kind, targets: [defaultTarget(other)(1, type)] });
      await expectUnsupported(
        kit,
        () =>
          kit.adapter.submit({ request: foreign, targets: foreign.targets }, { idempotencyKey: kit.key() }),
        `submitting a request addressed to ${other}`,
      );
      const own = kit.request(kit.targets(1, type), kind);
      const stray = { ...own.targets[0]!, target: defaultTarget(other)(2, type) };
      await expectUnsupported(
        kit,
        () => kit.adapter.submit({ request: own, targets: [stray] }, { idempotencyKey: kit.key() }),
        `submitting a ${kit.mock.platform} request with a ${other} target`,
      );
    },
  },
  {
    name: "capabilities: undeclared request kinds and target types fail before any HTTP",
    skipUnless: ({ capabilities }) =>
      capabilities.requestKinds.length < REQUEST_KINDS.length || capabilities.targetTypes.length < 2
        ? undefined
        : "every request kind and target type is declared",
    async run(kit) {
      const caps = kit.adapter.capabilities;
      for (const kind of REQUEST_KINDS.filter((k) => !caps.requestKinds.includes(k))) {
        await expectUnsupported(
          kit,
          () => kit.adapter.submit(kit.input(1, { kind }), { idempotencyKey: kit.key() }),
          `submitting undeclared kind "${kind}"`,
        );
      }
      for (const type of (["account", "content"] as const).filter((t) => !caps.targetTypes.includes(t))) {
        await expectUnsupported(
          kit,
          () => kit.adapter.submit(kit.input(1, { type }), { idempotencyKey: kit.key() }),
          `submitting undeclared target type "${type}"`,
        );
      }
    },
  },
  {
    name: "capabilities: target types a request kind does not take fail before any HTTP",
    skipUnless: ({ capabilities }) =>
      Object.keys(capabilities.targetTypesByKind ?? {}).length > 0
        ? undefined
        : "no request kind is narrowed by targetTypesByKind",
    async run(kit) {
      const { capabilities } = kit.adapter;
      for (const kind of capabilities.requestKinds) {
        const types = targetTypesFor(capabilities, kind);
        for (const type of capabilities.targetTypes.filter((t) => !types.includes(t))) {
          await expectUnsupported(
            kit,
            () => kit.adapter.submit(kit.input(1, { kind, type }), { idempotencyKey: kit.key() }),
            `submitting "${kind}" with ${type === "account" ? "an" : "a"} ${type} target`,
          );
        }
      }
    },
  },
  {
    name: "capabilities: more than maxTargetsPerCall targets fail before any HTTP",
    async run(kit) {
      const max = kit.adapter.capabilities.maxTargetsPerCall;
      await expectUnsupported(
        kit,
        () => kit.adapter.submit(kit.input(max + 1), { idempotencyKey: kit.key() }),
        `submitting ${max + 1} targets`,
      );
    },
  },
  {
    name: "capabilities: undeclared withdrawal, webhooks and status polling fail before any HTTP",
    skipUnless: ({ capabilities: c }) =>
      c.withdrawal && c.webhooks && c.statusPolling
        ? "withdrawal, webhooks and status polling are all declared"
        : undefined,
    async run(kit) {
      const { adapter } = kit;
      const caps = adapter.capabilities;
      if (!caps.statusPolling) {
        await expectUnsupported(
          kit,
          () => adapter.getStatus({ platformRef: "conformance-ref" }),
          "getStatus without statusPolling",
        );
      }
      if (!caps.withdrawal && adapter.withdraw) {
        const withdraw = adapter.withdraw.bind(adapter);
        await expectUnsupported(
          kit,
          () => withdraw({ platformRef: "conformance-ref", reason: "test" }, { idempotencyKey: kit.key() }),
          "withdraw without withdrawal",
        );
      }
      if (!caps.webhooks && adapter.parseWebhook) {
        const parse = adapter.parseWebhook.bind(adapter);
        const request = new Request("https://agency.example/webhooks", { method: "POST", body: "{}" });
        await expectUnsupported(kit, () => parse(request), "parseWebhook without webhooks");
      }
    },
  },
];
