/**
 * A platform's email reply can carry personal data (the account holder's name, birth year, phone number,
 * address). None of it may enter a request's history: an event keeps the classification, a reason code and
 * a pointer to the message (its Message-ID), on every path a reply takes into the history.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RequestEvent, targetKey } from "referral-kit";
import { toRequestEvents } from "referral-kit/adapter";
import { readReplies } from "referral-kit/adapters/email";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyReply } from "../../adapters/email/classify.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { withEvents } from "../support/requests.js";
import { approvedRequest } from "./email-fixtures.js";

const PLANTED = ["Ayesha", "Khan", "1987", "300 1234567", "1234567", "House 12", "Quetta"];

function eml(id: string, messageId: string, body: string, day = 4): string {
  return [
    "From: Platform Legal <legal@platform.example>",
    "To: referrals@ctu.gov.example",
    `Date: ${new Date(Date.UTC(2025, 2, day, 9, 15)).toUTCString()}`,
    `Subject: Re: [RK-${id}-3f2a9c1b] Referral`,
    `Message-ID: <${messageId}>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
}

const REPLIES: Record<string, { body: string; outcome: string; code: string }> = {
  "req-k1": {
    body:
      "We reviewed the account of Ayesha Khan, born 1987, +92 300 1234567, House 12, Street 4, Quetta, " +
      "and found it does not violate our terms.",
    outcome: "rejected",
    code: "no-violation",
  },
  "req-k2": {
    body: "RK-STATUS: rejected the holder Ayesha Khan (born 1987, tel. 0300 1234567) is a journalist",
    outcome: "rejected",
    code: "stated",
  },
  "req-k3": {
    body: "Please provide a court order for the account of Ayesha Khan, House 12, Quetta.",
    outcome: "needs-information",
    code: "court-order-required",
  },
  "req-k4": {
    body: "We removed the account of Ayesha Khan (born 1987, +92 300 1234567).",
    outcome: "actioned",
    code: "removed",
  },
};

const submitted: RequestEvent = { type: "submitted", at: "2025-03-01T10:00:00Z", channel: "email" };
const messages = Object.entries(REPLIES).map(([id, reply]) => eml(id, `${id}@platform.example`, reply.body));
const leaks = (value: unknown) => PLANTED.filter((text) => JSON.stringify(value).includes(text));

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rk-reply-privacy-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("email replies never put their text in the history", () => {
  it("classifyReply gives a reason code beside the platform's words", () => {
    for (const reply of Object.values(REPLIES)) {
      const reading = classifyReply("Re: referral", reply.body);
      expect(reading).toMatchObject({ outcome: reply.outcome, reasonCode: reply.code });
    }
  });

  it("readReplies + toRequestEvents (the library path): classification, code and Message-ID only", async () => {
    const report = await readReplies(messages);
    expect(report.updates).toHaveLength(4);
    for (const { requestId, update } of report.updates) {
      const events = toRequestEvents(update, { current: "submitted", by: { id: "replies" } });
      expect(leaks(events), requestId).toEqual([]);
      expect(leaks(update), requestId).toEqual([]);
      const text = JSON.stringify(events);
      expect(text).toContain(REPLIES[requestId]!.code);
      expect(text).toContain(`${requestId}@platform.example`);
    }
  });

  it("referral-kit replies --apply (the command line path): nothing planted reaches the store", async () => {
    const store = join(root, "store");
    const opened = await openStore(store);
    try {
      const requests = Object.keys(REPLIES).map((id) => withEvents(approvedRequest(id), submitted));
      await opened.saveRequests(
        requests.map((request) => ({ request, batches: [request.targets.map((t) => targetKey(t.target))] })),
        Date.now(),
      );
    } finally {
      await opened.close();
    }
    messages.forEach((message, index) => {
      writeFileSync(join(root, `${index}.eml`), message);
    });
    const run = memoryIo({ cwd: root });
    const files = messages.map((_, index) => `${index}.eml`);
    expect(await runCli(["replies", ...files, "--store", store, "--apply", "--json"], run.io)).toBe(0);
    const after = await openStore(store);
    try {
      for (const id of Object.keys(REPLIES)) {
        const history = (await after.getRequest(id))!.events;
        expect(history.length, id).toBeGreaterThan(1);
        expect(leaks(history), id).toEqual([]);
        expect(JSON.stringify(history.at(-1)), id).toContain(`${id}@platform.example`);
      }
      const exported = memoryIo({ cwd: root });
      await after.close();
      expect(await runCli(["export", "--store", store], exported.io)).toBe(0);
      expect(leaks(exported.stdout())).toEqual([]);
    } finally {
      await after.close().catch(() => {});
    }
    expect(leaks(JSON.parse(run.stdout()).updates)).toEqual([]);
  }, 120_000);
});
