import { describe, expect, it } from "vitest";
import { type SubmitInput, toReceiptTargets, toTargetOutcome } from "../../src/adapter/index.js";
import { toSubmitTargetStatus } from "../../src/adapter/v1/receipt-helpers.js";

const input = {
  targets: [
    {
      target: { type: "account", account: { kind: "username", platform: "x", username: "one" } },
      evidence: [],
    },
    {
      target: { type: "account", account: { kind: "username", platform: "x", username: "two" } },
      evidence: [],
    },
  ],
} as unknown as SubmitInput;

describe("receipt helpers", () => {
  it("shapes each intake answer as a receipt target", () => {
    expect(toSubmitTargetStatus("k", "ref", { status: "accepted" })).toEqual({
      key: "k",
      status: "accepted",
      platformRef: "ref",
    });
    expect(toSubmitTargetStatus("k", "ref", { status: "duplicate", existingRef: "old" })).toEqual({
      key: "k",
      status: "duplicate",
      platformRef: "old",
    });
    expect(toSubmitTargetStatus("k", "ref", { status: "duplicate" })).toEqual({
      key: "k",
      status: "duplicate",
    });
    expect(toSubmitTargetStatus("k", "ref", { status: "rejected", reason: "no" })).toEqual({
      key: "k",
      status: "rejected",
      reason: "no",
    });
  });

  it("maps answers by position or by index, keyed by the targets sent", () => {
    const byPosition = toReceiptTargets(input, ["ok", "dup"], {
      platformName: "P",
      platformRef: "r",
      intake: (a) => (a === "dup" ? { status: "duplicate", existingRef: "r0" } : { status: "accepted" }),
    });
    expect(byPosition).toEqual([
      { key: "x:one", status: "accepted", platformRef: "r" },
      { key: "x:two", status: "duplicate", platformRef: "r0" },
    ]);
    const byIndex = toReceiptTargets(
      input,
      [
        { i: 1, bad: true },
        { i: 0, bad: false },
      ],
      {
        platformName: "P",
        platformRef: "r",
        indexOf: (a) => a.i,
        intake: (a) => (a.bad ? { status: "rejected", reason: "unknown" } : { status: "accepted" }),
      },
    );
    expect(byIndex).toEqual([
      { key: "x:one", status: "accepted", platformRef: "r" },
      { key: "x:two", status: "rejected", reason: "unknown" },
    ]);
  });

  it("says why when the answers do not fit what was sent", () => {
    const intake = () => ({ status: "accepted" }) as const;
    expect(toReceiptTargets(input, ["a"], { platformName: "X", platformRef: "r", intake })).toBe(
      "X answered for 1 targets, 2 were sent",
    );
    expect(
      toReceiptTargets(input, [0, 0], {
        platformName: "Telegram",
        noun: "items",
        platformRef: "r",
        indexOf: (a) => a,
        intake,
      }),
    ).toBe("Telegram answered for 1 items, 2 were sent");
  });

  it("leaves an empty or missing reason out of a target outcome", () => {
    expect(toTargetOutcome("k", "rejected", "why")).toEqual({ key: "k", outcome: "rejected", reason: "why" });
    expect(toTargetOutcome("k", "actioned", undefined)).toEqual({ key: "k", outcome: "actioned" });
    expect(toTargetOutcome("k", "pending", "")).toEqual({ key: "k", outcome: "pending" });
  });
});
