import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toRequestEvents } from "referral-kit/adapter";
import { readReplies, readReplyFiles } from "referral-kit/adapters/email";
import { describe, expect, it } from "vitest";
import { classifyReply } from "../../adapters/email/classify.js";
import { isMbox, splitMbox } from "../../adapters/email/mbox.js";

const TOKEN = "RK-req-1-3f2a9c1b";
const SENT_ID = "<rk.0123456789abcdef0123456789abcdef@ctu.gov.example>";

function eml(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    From: "Platform Legal <legal@platform.example>",
    To: "referrals@ctu.gov.example",
    Date: "Tue, 04 Mar 2025 09:15:00 +0000",
    "Message-ID": `<${Math.random().toString(16).slice(2)}@platform.example>`,
    ...headers,
  }).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join("\r\n")}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, "\r\n")}\r\n`;
}

describe("classifyReply", () => {
  it.each([
    ["The account has been suspended.", "actioned"],
    ["We have removed the content you reported.", "actioned"],
    ["We reviewed the report and found no violation of our policies.", "rejected"],
    ["We have not removed the account at this time.", "rejected"],
    ["Please provide a court order before we can act.", "needs-information"],
    ["We have received your request and it is under review.", "acknowledged"],
  ])("reads %j as %s", (text, outcome) => {
    expect(classifyReply("Re: referral", text)?.outcome).toBe(outcome);
  });

  it("prefers an explicit RK-STATUS line and keeps its reason (words for a person, a code for the history)", () => {
    expect(
      classifyReply("Re: x", "Hello,\nRK-STATUS: rejected insufficient legal basis under local law\nRegards"),
    ).toEqual({
      outcome: "rejected",
      reasonCode: "stated",
      reason: "insufficient legal basis under local law",
      rule: "status-line",
    });
    expect(classifyReply("Re: x", "RK-STATUS: rejected no violation found")).toMatchObject({
      reasonCode: "no-violation",
    });
  });

  it("never reads the quoted original as the answer", () => {
    const text =
      "Thank you, noted.\n\nOn Mon, 3 Mar 2025, CTU wrote:\n> Suspend the account; it was removed before.";
    expect(classifyReply("Re: referral", text)).toBeUndefined();
  });
});

describe("splitMbox", () => {
  it("splits on From lines at line start and undoes >From escaping", () => {
    const mbox = [
      "From legal@platform.example Tue Mar  4 09:15:00 2025",
      "Subject: one",
      "",
      ">From the start, we reviewed it.",
      "From legal@platform.example Tue Mar  4 10:00:00 2025",
      "Subject: two",
      "",
      ">>From here on",
      "",
    ].join("\n");
    expect(isMbox(mbox)).toBe(true);
    const messages = splitMbox(Buffer.from(mbox, "latin1")).map((m) => m.toString("latin1"));
    expect(messages).toEqual([
      "Subject: one\r\n\r\nFrom the start, we reviewed it.\r\n",
      "Subject: two\r\n\r\n>From here on\r\n",
    ]);
  });
});

describe("readReplies", () => {
  it("turns replies carrying the token into status updates ready for toRequestEvents", async () => {
    const report = await readReplies([
      eml(
        { Subject: `Re: [${TOKEN}] Suspend the account(s)` },
        "We have received your request. Case number 4411.",
      ),
      eml({ Subject: `RE: [${TOKEN}] Suspend` }, "The account has been suspended."),
    ]);
    expect(report.review).toEqual([]);
    expect(report.updates.map((u) => [u.requestId, u.update.outcome, u.update.platformRef])).toEqual([
      ["req-1", "acknowledged", TOKEN],
      ["req-1", "actioned", TOKEN],
    ]);
    const events = toRequestEvents(report.updates[1]!.update, {
      current: "submitted",
      by: { id: "email:inbound" },
    });
    expect(events).toMatchObject([{ type: "actioned", at: "2025-03-04T09:15:00.000Z" }]);
    expect(JSON.stringify(report.updates[1]!.update.raw)).not.toContain("suspended.");
  });

  it("gives a rejection and a request for information a reason code and the message, never the words", async () => {
    const report = await readReplies([
      eml(
        { Subject: `Re: [${TOKEN}]` },
        "After review we declined to act: the account does not violate our terms.",
      ),
      eml({ Subject: `Re: [${TOKEN}]` }, "RK-STATUS: needs-information the designation notice in English"),
    ]);
    const [rejected, needs] = report.updates.map((u) => u.update);
    expect(rejected).toMatchObject({ outcome: "rejected" });
    expect(rejected!.outcome === "rejected" && rejected!.reason).toMatch(
      /^no-violation \(email reply <.+>\)$/,
    );
    expect(needs).toMatchObject({
      outcome: "needs-information",
      reason: expect.stringMatching(/^stated \(email reply /),
    });
    expect(JSON.stringify([rejected, needs])).not.toMatch(/declined to act|designation notice/);
    expect(toRequestEvents(rejected!)).toMatchObject([{ type: "rejected" }]);
  });

  it("matches a reply that dropped the token by In-Reply-To or References", async () => {
    const report = await readReplies(
      [
        eml({ Subject: "Your request", "In-Reply-To": SENT_ID }, "Content removed."),
        eml({ Subject: "Follow-up", References: `<other@x> ${SENT_ID}` }, "We have removed it."),
      ],
      { sent: [{ messageId: SENT_ID, reference: TOKEN }] },
    );
    expect(report.updates.map((u) => u.update.platformRef)).toEqual([TOKEN, TOKEN]);
  });

  it("lists unmatched mail, bounces and unreadable replies for a person, with from, subject and date", async () => {
    const report = await readReplies([
      eml({ Subject: "Newsletter" }, "Our quarterly update."),
      eml(
        {
          Subject: `Undelivered Mail Returned to Sender [${TOKEN}]`,
          From: "MAILER-DAEMON@mx.platform.example",
        },
        "Delivery failed.",
      ),
      eml({ Subject: `Re: [${TOKEN}]` }, "Thanks."),
    ]);
    expect(report.updates).toEqual([]);
    expect(report.review.map((r) => [r.why, r.subject, r.date])).toEqual([
      ["unmatched", "Newsletter", "2025-03-04T09:15:00.000Z"],
      ["bounce", `Undelivered Mail Returned to Sender [${TOKEN}]`, "2025-03-04T09:15:00.000Z"],
      ["unclassified", `Re: [${TOKEN}]`, "2025-03-04T09:15:00.000Z"],
    ]);
    expect(report.review[0]!.from).toContain("legal@platform.example");
  });

  it("reads .eml and mbox files from disk, naming each message's source", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-inbound-"));
    try {
      writeFileSync(join(dir, "1.eml"), eml({ Subject: `Re: [${TOKEN}]` }, "Removed."));
      const mbox = [
        "From legal@platform.example Tue Mar  4 09:15:00 2025",
        eml({ Subject: `Re: [${TOKEN}]` }, "The account has been suspended.").replace(/\r\n/g, "\n"),
        "From someone@example.org Tue Mar  4 09:16:00 2025",
        eml({ Subject: "Hello" }, "Unrelated.").replace(/\r\n/g, "\n"),
      ].join("\n");
      writeFileSync(join(dir, "inbox.mbox"), mbox);
      const report = await readReplyFiles([join(dir, "1.eml"), join(dir, "inbox.mbox")]);
      expect(report.updates.map((u) => u.source)).toEqual([
        join(dir, "1.eml"),
        `${join(dir, "inbox.mbox")}#1`,
      ]);
      expect(report.review.map((r) => r.source)).toEqual([`${join(dir, "inbox.mbox")}#2`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
