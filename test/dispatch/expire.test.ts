import { requestState } from "referral-kit";
import { createMemoryStore, expireOverdue } from "referral-kit/dispatch";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { approvedRequest, keysOf } from "./support/requests.js";

const submittedAt = "2025-03-01T10:00:00Z";

function sent(id: string, platform = "x") {
  const request = approvedRequest(id, { platform });
  return { ...request, events: [...request.events, { type: "submitted" as const, at: submittedAt }] };
}

describe("expireOverdue", () => {
  it("expires undecided requests past their deadline once, and leaves the others alone", async () => {
    const store = createMemoryStore();
    const decided = sent("decided");
    decided.events.push({ type: "actioned", at: "2025-03-02T00:00:00Z" });
    const asked = sent("asked");
    asked.events.push({ type: "information-requested", at: "2025-03-02T00:00:00Z", question: "which law?" });
    const requests = [sent("late-x"), sent("late-tiktok", "tiktok"), decided, asked];
    await store.saveRequests(
      requests.map((request) => ({ request, batches: [keysOf(request)] })),
      Date.parse(submittedAt),
    );

    const early = await expireOverdue(store, { now: Date.parse("2025-03-03T09:00:00Z") });
    expect(early).toEqual({ checked: 2, expired: [] });

    const now = Date.parse("2025-03-04T00:00:00Z");
    expect(await expireOverdue(store, { now, platforms: ["x"] })).toEqual({
      checked: 1,
      expired: ["late-x"],
    });
    expect(await expireOverdue(store, { now })).toEqual({ checked: 1, expired: ["late-tiktok"] });
    expect(await expireOverdue(store, { now })).toEqual({ checked: 0, expired: [] });

    const late = (await store.getRequest("late-x"))!;
    expect(late.events.at(-1)).toEqual({
      type: "expired",
      at: "2025-03-03T10:00:00.000Z",
      deadline: "2025-03-03T10:00:00.000Z",
      by: { id: "referral-kit.expire" },
    });
    expect(requestState((await store.getRequest("asked"))!).status).toBe("information-requested");
    await store.close();
  });
});

describe("referral-kit expire", () => {
  it("explains usage mistakes with exit code 2", async () => {
    const run = memoryIo();
    expect(await runCli(["expire"], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/--store is required/);
    const bad = memoryIo();
    expect(await runCli(["expire", "--store", "memory:", "--as-of", "yesterday"], bad.io)).toBe(2);
  });

  it("reports what it checked on an empty store", async () => {
    const run = memoryIo();
    expect(
      await runCli(["expire", "--store", "memory:", "--as-of", "2026-01-01T00:00:00Z", "--json"], run.io),
    ).toBe(0);
    expect(JSON.parse(run.stdout())).toEqual({ asOf: "2026-01-01T00:00:00.000Z", checked: 0, expired: [] });
  });
});

describe("referral-kit expire on the convention", () => {
  it("takes --actor (checked to be an id) and refuses a store that does not exist (exit 3)", async () => {
    const missing = memoryIo();
    expect(await runCli(["expire", "--store", "./no-such-store-here"], missing.io)).toBe(3);
    expect(missing.stderr()).toMatch(
      /^referral-kit expire: no store at \S+no-such-store-here \(nothing there\)/,
    );
    const badActor = memoryIo();
    expect(await runCli(["expire", "--store", "memory:", "--actor", "not an id!"], badActor.io)).toBe(2);
    const text = memoryIo();
    expect(
      await runCli(
        ["expire", "--store", "memory:", "--as-of", "2026-01-01", "--actor", "duty-officer"],
        text.io,
      ),
    ).toBe(0);
    expect(text.stdout()).toBe("checked 0 undecided requests; 0 expired at 2026-01-01T00:00:00.000Z\n");
  });
});
