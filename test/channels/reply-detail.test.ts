import { toRequestEvents } from "referral-kit/adapter";
import { readReplies } from "referral-kit/adapters/email";
import { describe, expect, it } from "vitest";
import { classifyReply } from "../../adapters/email/classify.js";
import { replyEml as eml } from "./email-fixtures.js";

const AT = "2025-03-04T09:15:00Z";
const TOKEN = "RK-req-1-3f2a9c1b";

/** Replies worded as platforms' trust-and-safety and law-enforcement teams write them (invented). */
const ACTIONS: [string, object | undefined][] = [
  [
    "Following our review, the reported account has been restricted in Pakistan only, in accordance with local law. It remains available in other countries.",
    { measure: "content-disabled", scope: ["PK"], ground: "local-law" },
  ],
  [
    "We have withheld the account in Pakistan in response to your legal demand.",
    { measure: "content-disabled", scope: ["PK"] },
  ],
  [
    "The account has been temporarily suspended until 1 June 2025 for violating our Community Guidelines.",
    { measure: "account-suspended", ground: "terms-of-service", until: "2025-06-01T00:00:00.000Z" },
  ],
  [
    "The account has been suspended until April 1, 2025.",
    { measure: "account-suspended", until: "2025-04-01T00:00:00.000Z" },
  ],
  [
    "The account has been permanently suspended for violating the X Rules on violent and hateful entities.",
    { measure: "account-terminated", ground: "terms-of-service" },
  ],
  [
    "The reported posts have been removed globally under our Dangerous Organizations policy.",
    { measure: "content-removed", scope: "global", ground: "terms-of-service" },
  ],
  ["RK-STATUS: actioned account-terminated", { measure: "account-terminated" }],
  // A date before the reply cannot end a restriction decided by then: the suspension is read, the date not.
  ["The account has been suspended until 1 February 2025.", { measure: "account-suspended" }],
  // Two countries, or a list: the scope is not read (never one of them alone).
  ["The content has been withheld in Pakistan and India.", { measure: "content-disabled" }],
  // Two different measures: which target had which is not said, so nothing is read.
  ["The post was removed and the account suspended.", undefined],
  ["Thank you. The account has been actioned.", undefined],
  // "Disabled", "blocked", "removed" about an account say too little to name a measure.
  ["The account has been disabled.", undefined],
];

const DECLINES: [string, object | undefined][] = [
  [
    "We require valid legal process, such as a court order, before we can take action on this request. Declined.",
    { reasonCode: "legal-process-required" },
  ],
  ["We reviewed the account and found no violation of our policies.", { reasonCode: "not-violating" }],
  [
    "We are unable to act: messages on WhatsApp are end-to-end encrypted and we cannot review them.",
    { reasonCode: "private-or-end-to-end-encrypted" },
  ],
  ["Declined: the account could not be found.", { reasonCode: "content-not-found" }],
  ["Declined: this content has already been removed.", { reasonCode: "already-removed" }],
  ["RK-STATUS: rejected duplicate", { reasonCode: "duplicate" }],
  // Two reasons at once (legal process, and jurisdiction): none is read.
  ["Declined: a court order valid in your jurisdiction is required.", undefined],
  // "could not find any violation" is not "could not find the account".
  ["We could not find any violation. Declined.", undefined],
  ["We declined the request.", undefined],
];

describe("classifyReply: what exactly the platform did, read conservatively", () => {
  it.each(ACTIONS)("reads the action in %j", (text, detail) => {
    const reading = classifyReply("Re: referral", text, { at: AT });
    expect(reading?.outcome).toBe("actioned");
    expect(reading?.detail).toEqual(detail);
  });

  it.each(DECLINES)("reads the decline in %j", (text, detail) => {
    const reading = classifyReply("Re: referral", text, { at: AT });
    expect(reading?.outcome).toBe("rejected");
    expect(reading?.detail).toEqual(detail);
  });

  it("reads nothing from the quoted original, and no detail for a question or an acknowledgement", () => {
    const quoted =
      "Thank you, done: the account has been suspended.\n\nOn Mon, 3 Mar 2025, CTU wrote:\n> Withhold it in Pakistan under local law";
    expect(classifyReply("Re: x", quoted, { at: AT })?.detail).toEqual({ measure: "account-suspended" });
    expect(classifyReply("Re: x", "Please provide a court order before we can act.")?.detail).toBeUndefined();
    expect(
      classifyReply("Re: x", "We have received your request; it is under review.")?.detail,
    ).toBeUndefined();
  });
});

describe("readReplies: the detail becomes the one target's outcome", () => {
  const sent = (targets: string[]) => [{ messageId: "<rk.1@ctu.gov.example>", reference: TOKEN, targets }];

  it("an action with its detail reaches the decision event's outcomes, without the reply's words", async () => {
    const report = await readReplies(
      [
        eml(
          `Re: [${TOKEN}] Referral`,
          "Dear Sir, the account of Mr Example Person has been restricted in Pakistan only, under local law.",
        ),
      ],
      { sent: sent(["x:fictional_ttp_media"]) },
    );
    const [update] = report.updates;
    expect(update?.update.targets).toEqual([
      {
        key: "x:fictional_ttp_media",
        outcome: "actioned",
        measure: "content-disabled",
        scope: ["PK"],
        ground: "local-law",
      },
    ]);
    const [event] = toRequestEvents(update!.update);
    expect(event).toMatchObject({
      type: "actioned",
      targets: ["x:fictional_ttp_media"],
      outcomes: [
        { target: "x:fictional_ttp_media", measure: "content-disabled", scope: ["PK"], ground: "local-law" },
      ],
    });
    expect(JSON.stringify(event)).not.toMatch(/Example Person/);
  });

  it("a decline with its reason becomes a no-action outcome with the reason code", async () => {
    const report = await readReplies(
      [
        eml(
          `Re: [${TOKEN}] Referral`,
          "We require valid legal process such as a court order. We have declined this request.",
        ),
      ],
      { sent: sent(["whatsapp:tel:+923000010001"]) },
    );
    const [event] = toRequestEvents(report.updates[0]!.update);
    expect(event).toMatchObject({
      type: "rejected",
      outcomes: [
        { target: "whatsapp:tel:+923000010001", measure: "no-action", reasonCode: "legal-process-required" },
      ],
    });
    expect(event?.type === "rejected" && event.outcomes?.[0]?.platformText).toBeFalsy();
  });

  it("says nothing per target for an email that named several targets, or when the targets are not known", async () => {
    const body = "The account has been permanently suspended.";
    const several = await readReplies([eml(`Re: [${TOKEN}] Referral`, body)], { sent: sent(["x:a", "x:b"]) });
    expect(several.updates[0]?.update.targets).toBeUndefined();
    const unknown = await readReplies([eml(`Re: [${TOKEN}] Referral`, body)]);
    expect(unknown.updates[0]?.update.targets).toBeUndefined();
    // The reading is still there for the audit trail.
    expect(unknown.updates[0]?.update.raw).toMatchObject({ detail: { measure: "account-terminated" } });
  });

  it("bounds until by the reply's own date", async () => {
    const body = "The account has been suspended until 2025-03-10.";
    const before = await readReplies(
      [eml(`Re: [${TOKEN}] Referral`, body, "Tue, 04 Mar 2025 09:15:00 +0000")],
      {
        sent: sent(["x:a"]),
      },
    );
    expect(before.updates[0]?.update.targets?.[0]).toMatchObject({ until: "2025-03-10T00:00:00.000Z" });
    const after = await readReplies(
      [eml(`Re: [${TOKEN}] Referral`, body, "Wed, 12 Mar 2025 09:15:00 +0000")],
      {
        sent: sent(["x:a"]),
      },
    );
    expect(after.updates[0]?.update.targets?.[0]).toEqual({
      key: "x:a",
      outcome: "actioned",
      measure: "account-suspended",
    });
  });
});
