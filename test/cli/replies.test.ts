import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RequestEvent, targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { approvedRequest } from "../channels/email-fixtures.js";
import { memoryIo } from "../support/cli-io.js";
import { withEvents } from "../support/requests.js";
import { seedStore } from "../support/store.js";

const submitted: RequestEvent = { type: "submitted", at: "2025-03-01T10:00:00Z", channel: "email" };

function eml(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    From: "Platform Legal <legal@platform.example>",
    To: "referrals@ctu.gov.example",
    Date: "Tue, 04 Mar 2025 09:15:00 +0000",
    ...headers,
  }).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join("\r\n")}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}

let root: string;
let store: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-replies-"));
  store = join(root, "store");
  await seedStore(store, [
    withEvents(approvedRequest("req-r1"), submitted),
    withEvents(approvedRequest("req-r2"), submitted),
  ]);
  writeFileSync(
    join(root, "actioned.eml"),
    eml(
      { Subject: "Re: [RK-req-r1-3f2a9c1b] Referral", "Message-ID": "<a1@platform.example>" },
      "The account has been suspended.",
    ),
  );
  writeFileSync(
    join(root, "late-no.eml"),
    eml(
      {
        Subject: "Re: [RK-req-r1-3f2a9c1b] Referral",
        "Message-ID": "<a2@platform.example>",
        Date: "Wed, 05 Mar 2025 09:15:00 +0000",
      },
      "We reviewed the report and found no violation of our policies.",
    ),
  );
  writeFileSync(
    join(root, "early.eml"),
    eml(
      {
        Subject: "Re: [RK-req-r2-3f2a9c1b] Referral",
        "Message-ID": "<a3@platform.example>",
        Date: "Sat, 01 Mar 2025 09:00:00 +0000",
      },
      "The account has been suspended.",
    ),
  );
  writeFileSync(
    join(root, "other.eml"),
    eml(
      { Subject: "Re: [RK-req-none-3f2a9c1b] Referral", "Message-ID": "<a4@platform.example>" },
      "The account has been suspended.",
    ),
  );
  writeFileSync(
    join(root, "unmatched.eml"),
    eml({ Subject: "Newsletter", "Message-ID": "<a5@platform.example>" }, "Hello."),
  );
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = ["actioned.eml", "late-no.eml", "early.eml", "other.eml", "unmatched.eml"];
const replies = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(["replies", ...FILES, "--store", store, ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};
async function history(id: string) {
  const opened = await openStore(store);
  try {
    return (await opened.getRequest(id))!.events;
  } finally {
    await opened.close();
  }
}

describe("referral-kit replies", () => {
  it("shows what the replies would record, and the mail for a person, without touching the store", async () => {
    const run = await replies();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/4 status updates in the replies \(not applied: pass --apply\)/);
    expect(run.stdout).toMatch(/req-r1 {2}actioned {2}would-append actioned/);
    expect(run.stdout).toMatch(/req-r2 {2}actioned {2}skipped \(dated .* before the history's last event/);
    expect(run.stdout).toMatch(/req-none {2}actioned {2}skipped \(no request req-none in the store\)/);
    expect(run.stdout).toMatch(/1 message for a person to look at\n {2}unmatched .*"Newsletter"/);
    // Judged in order, as --apply would: the later refusal cannot follow the action.
    expect(run.stdout).toMatch(
      /req-r1 {2}rejected {2}skipped \(not a legal transition: actioned -> rejected\)/,
    );
    expect(await history("req-r1")).toHaveLength(3);
  }, 90_000);

  it("--apply appends legal events once, with the reply's Message-ID; illegal and repeated ones are skipped", async () => {
    const run = await replies("--apply", "--actor", "analyst-1");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/req-r1 {2}actioned {2}appended actioned/);
    // Read after the action: rejected cannot follow actioned.
    expect(run.stdout).toMatch(
      /req-r1 {2}rejected {2}skipped \(not a legal transition: actioned -> rejected\)/,
    );
    const events = await history("req-r1");
    expect(events.at(-1)).toMatchObject({ type: "actioned", by: { id: "analyst-1" } });
    expect(events.at(-1)?.note).toContain("<a1@platform.example>");

    const again = await replies("--apply", "--json");
    const report = JSON.parse(again.stdout) as {
      updates: { requestId: string; result: string; reason?: string }[];
    };
    expect(report.updates.find((u) => u.requestId === "req-r1")).toMatchObject({
      result: "skipped",
      reason: "this reply is already recorded",
    });
    expect(await history("req-r1")).toHaveLength(events.length);
  }, 90_000);

  it("usage mistakes exit 2, unreadable files 3", async () => {
    const none = memoryIo({ cwd: root });
    expect(await runCli(["replies", "--store", store], none.io)).toBe(2);
    const noStore = memoryIo({ cwd: root });
    expect(await runCli(["replies", "actioned.eml"], noStore.io)).toBe(2);
    const missing = memoryIo({ cwd: root });
    expect(await runCli(["replies", "missing.eml", "--store", store], missing.io)).toBe(3);
    expect(missing.stderr()).toMatch(/missing\.eml/);
  });
});

describe("referral-kit replies: what the platform did to the target an email named", () => {
  it("records the reply's detail as the outcome of the one target the email named (the job's targets)", async () => {
    const request = approvedRequest("req-r3");
    const keys = request.targets.map((t) => targetKey(t.target));
    const opened = await openStore(store);
    try {
      // Two emails, one target each: the reply answers the first.
      await opened.saveRequests(
        [{ request, batches: keys.map((key) => [key]) }],
        Date.parse("2025-03-01T10:00:00Z"),
      );
      const jobs = await opened.claim({
        platform: "x",
        limit: 10,
        workerId: "w1",
        leaseMs: 60_000,
        now: Date.parse("2025-03-01T10:00:00Z"),
      });
      await opened.settle(
        jobs.map((job) => ({
          kind: "submitted" as const,
          requestId: job.requestId,
          batch: job.batch,
          idempotencyKey: job.idempotencyKey,
          workerId: "w1",
          receipt: {
            platformRef: `RK-req-r3-0000000${job.batch}`,
            acceptedAt: "2025-03-01T10:00:01Z",
            targets: [],
            raw: { messageId: `<rk.r3-${job.batch}@ctu.gov.example>` },
          },
        })),
        (_request, settled) => [
          {
            type: "submitted",
            at: "2025-03-01T10:00:02Z",
            channel: "email",
            platformRef: settled[0]!.receipt!.platformRef,
          },
        ],
        Date.parse("2025-03-01T10:00:02Z"),
      );
    } finally {
      await opened.close();
    }
    const first = (await (async () => {
      const again = await openStore(store);
      try {
        return (await again.listJobs({ requestId: "req-r3" })).find((job) => job.batch === 0)!;
      } finally {
        await again.close();
      }
    })())!;
    writeFileSync(
      join(root, "detail.eml"),
      eml(
        {
          Subject: "Re: your referral",
          "Message-ID": "<a6@platform.example>",
          "In-Reply-To": "<rk.r3-0@ctu.gov.example>",
        },
        "The account has been withheld in Pakistan only, in accordance with local law.",
      ),
    );
    const run = memoryIo({ cwd: root });
    expect(await runCli(["replies", "detail.eml", "--store", store, "--apply"], run.io)).toBe(0);
    const events = await history("req-r3");
    expect(events.at(-1)).toMatchObject({
      type: "actioned",
      outcomes: [
        { target: first.targetKeys[0], measure: "content-disabled", scope: ["PK"], ground: "local-law" },
      ],
    });
  }, 90_000);
});
