/**
 * A reply to an email that listed several targets may say what happened to each, naming them by link,
 * handle or the target key the email listed. Each named target gets its own outcome; a target the reply
 * does not name gets none (never the detail meant for another); a target the request does not hold is
 * listed for a person.
 */
import { toRequestEvents } from "referral-kit/adapter";
import { readReplies } from "referral-kit/adapters/email";
import { describe, expect, it } from "vitest";
import { replyEml } from "./email-fixtures.js";

const TOKEN = "RK-req-1-3f2a9c1b";
const KEYS = ["x:ttp_media", "x:ttp_news", "x:ttp_clips"];
const sent = [{ messageId: "<rk.1@ctu.gov.example>", reference: TOKEN, targets: KEYS }];

async function read(body: string) {
  return readReplies([replyEml(`Re: [${TOKEN}] Referral`, body)], { sent });
}

describe("readReplies: a reply that names targets gives each its own outcome", () => {
  it("an action for one target and a decline for another make a partial action; the third stays unspecified", async () => {
    const report = await read(
      [
        "Thank you for your referral.",
        "https://x.com/ttp_media has been permanently suspended for violating the X Rules.",
        "@ttp_news: we found no violation of our policies.",
      ].join("\n"),
    );
    const update = report.updates[0]!.update;
    expect(update.outcome).toBe("partially-actioned");
    expect(update.targets).toEqual([
      { key: "x:ttp_media", outcome: "actioned", measure: "account-terminated", ground: "terms-of-service" },
      { key: "x:ttp_news", outcome: "rejected", measure: "no-action", reasonCode: "not-violating" },
    ]);
    const [event] = toRequestEvents(update);
    expect(event).toMatchObject({ type: "partially-actioned", targets: ["x:ttp_media"] });
    expect(event?.type === "partially-actioned" && event.outcomes?.map((o) => o.target)).toEqual([
      "x:ttp_media",
      "x:ttp_news",
    ]);
    expect(report.review).toEqual([]);
  });

  it("reads targets named by the key the email listed, each with its own detail", async () => {
    const report = await read(
      [
        "[x:ttp_news] has been withheld in Pakistan under local law.",
        "[x:ttp_clips] has been temporarily suspended until 1 June 2025.",
      ].join("\n"),
    );
    const update = report.updates[0]!.update;
    expect(update.outcome).toBe("actioned");
    expect(update.targets).toEqual([
      {
        key: "x:ttp_news",
        outcome: "actioned",
        measure: "content-disabled",
        scope: ["PK"],
        ground: "local-law",
      },
      {
        key: "x:ttp_clips",
        outcome: "actioned",
        measure: "account-suspended",
        until: "2025-06-01T00:00:00.000Z",
      },
    ]);
  });

  it("reads a target named on its own line with the decision below it, paragraph by paragraph", async () => {
    const report = await read(
      [
        "https://x.com/ttp_media",
        "The account has been temporarily suspended until 1 June 2025.",
        "",
        "https://x.com/ttp_clips",
        "We could not locate this account.",
        "",
        "Regards, Legal Team",
      ].join("\n"),
    );
    const update = report.updates[0]!.update;
    expect(update.outcome).toBe("partially-actioned");
    expect(update.targets).toEqual([
      {
        key: "x:ttp_media",
        outcome: "actioned",
        measure: "account-suspended",
        until: "2025-06-01T00:00:00.000Z",
      },
      { key: "x:ttp_clips", outcome: "rejected", measure: "no-action", reasonCode: "content-not-found" },
    ]);
  });

  it("an already-removed target is a decline with its reason, not an action", async () => {
    const report = await read("x.com/ttp_news has already been removed. x.com/ttp_media has been suspended.");
    const update = report.updates[0]!.update;
    expect(update.outcome).toBe("partially-actioned");
    expect(update.targets).toEqual([
      { key: "x:ttp_news", outcome: "rejected", measure: "no-action", reasonCode: "already-removed" },
      { key: "x:ttp_media", outcome: "actioned", measure: "account-suspended" },
    ]);
  });

  it("leaves a target out when the reply says two different things about it", async () => {
    const report = await read(
      "@ttp_media has been suspended.\n\n@ttp_media: no violation found. @ttp_news has been suspended.",
    );
    const update = report.updates[0]!.update;
    expect(update.targets).toEqual([
      { key: "x:ttp_news", outcome: "actioned", measure: "account-suspended" },
    ]);
  });

  it("lists a target the request does not hold for a person, and still records the named ones", async () => {
    const report = await read(
      "https://x.com/ttp_media has been suspended. https://x.com/someone_else has been suspended.",
    );
    expect(report.updates[0]!.update.targets).toEqual([
      { key: "x:ttp_media", outcome: "actioned", measure: "account-suspended" },
    ]);
    expect(report.review).toMatchObject([
      { why: "unknown-target", reference: TOKEN, targets: ["x:someone_else"] },
    ]);
  });

  it("records nothing for a reply that only names targets the request does not hold", async () => {
    const report = await read("@someone_else has been permanently suspended.");
    expect(report.updates).toEqual([]);
    expect(report.review).toMatchObject([{ why: "unknown-target", targets: ["x:someone_else"] }]);
  });

  it("a handle in the platform's signature or a 'follow us' line is not an unknown target", async () => {
    const report = await read(
      [
        "https://x.com/ttp_media has been permanently suspended for violating the X Rules.",
        "",
        "Regards,",
        "X Safety @XSupport",
        "Follow @Safety for updates on our enforcement.",
      ].join("\n"),
    );
    expect(report.updates[0]!.update.targets).toEqual([
      { key: "x:ttp_media", outcome: "actioned", measure: "account-terminated", ground: "terms-of-service" },
    ]);
    expect(report.review).toEqual([]);
  });

  it("a handle the request does not hold, on a line of its own above a decision, is still listed and takes no decision", async () => {
    const report = await read("@ttp_media has been suspended.\n@someone_else\nhas been suspended.");
    expect(report.updates[0]!.update.targets).toEqual([
      { key: "x:ttp_media", outcome: "actioned", measure: "account-suspended" },
    ]);
    expect(report.review).toMatchObject([{ why: "unknown-target", targets: ["x:someone_else"] }]);
  });

  it("a reply naming no target stays as before: no per-target detail for a several-target email", async () => {
    const report = await read("The accounts have been suspended.");
    expect(report.updates[0]!.update).toMatchObject({ outcome: "actioned" });
    expect(report.updates[0]!.update.targets).toBeUndefined();
  });
});
