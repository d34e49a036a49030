/** The caller's input is the caller's: an adapter reads it and leaves it exactly as it was given. */
import { isDeepStrictEqual } from "node:util";
import { check, describeSettled, settle } from "../assert.js";
import type { CaseKit } from "../kit.js";
import type { CaseSpec } from "./spec.js";

/** The first path at which two plain values differ, for a failure message. */
function firstDifference(before: unknown, after: unknown, path: string): string {
  if (isDeepStrictEqual(before, after)) return "";
  if (typeof before !== "object" || typeof after !== "object" || before === null || after === null) {
    return `${path} was ${JSON.stringify(before)}, is now ${JSON.stringify(after)}`;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length !== after.length) {
    return `${path} had ${before.length} items, has ${after.length}`;
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const inner = firstDifference(
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (inner) return inner;
  }
  return `${path} changed`;
}

/** Makes a call with `input` and fails when the call changed it. */
async function leftAlone<T extends object>(
  kit: CaseKit,
  what: string,
  input: T,
  call: (input: T) => Promise<unknown>,
): Promise<unknown> {
  const snapshot = structuredClone(input);
  const settled = await settle(call(input), kit.settleMs);
  const changed = firstDifference(snapshot, input, "arguments");
  check(changed === "", `${what} changed the caller's input: ${changed}`);
  check(settled.state === "resolved", `${what}: ${describeSettled(settled)}`);
  return settled.value;
}

export const inputCases: readonly CaseSpec[] = [
  {
    name: "input: submit, status and withdraw leave the caller's input and options unchanged",
    async run(kit) {
      const { adapter } = kit;
      const count = Math.min(3, adapter.capabilities.maxTargetsPerCall);
      const options = { idempotencyKey: kit.key() };
      const submitted = await leftAlone(kit, "submit", { input: kit.input(count), options }, (both) =>
        adapter.submit(both.input, both.options),
      );
      const platformRef = (submitted as { platformRef: string }).platformRef;
      if (adapter.capabilities.statusPolling) {
        await leftAlone(kit, "getStatus", { platformRef }, (input) => adapter.getStatus(input, {}));
      }
      if (adapter.capabilities.withdrawal && adapter.withdraw) {
        const withdraw = adapter.withdraw.bind(adapter);
        await leftAlone(
          kit,
          "withdraw",
          {
            input: { platformRef, reason: "conformance: order set aside" },
            options: { idempotencyKey: kit.key() },
          },
          (both) => withdraw(both.input, both.options),
        );
      }
    },
  },
];
