/**
 * `referral-kit confirm --follow-up`: the platform's acknowledgement and question, the agency's answer and
 * its escalation, recorded by hand (portal, phone, letter) through the lifecycle like any event.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestState, targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { approvedRequest } from "./email-fixtures.js";

let root: string;
let store: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-confirm-follow-"));
  store = join(root, "store");
  const opened = await openStore(store);
  try {
    await opened.saveRequests(
      ["req-f1", "req-f2", "req-f3", "req-f4"].map((id) => {
        const request = approvedRequest(id);
        return { request, batches: [request.targets.map((t) => targetKey(t.target))] };
      }),
      Date.now(),
    );
  } finally {
    await opened.close();
  }
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function request(id: string) {
  const opened = await openStore(store);
  try {
    return (await opened.getRequest(id))!;
  } finally {
    await opened.close();
  }
}

const confirm = (id: string, ...rest: string[]) => [
  "confirm",
  id,
  `N-${id}`,
  "--store",
  store,
  "--actor",
  "analyst-1",
  "--at",
  "2025-03-01T10:00:00Z",
  ...rest,
];

async function run(args: string[]) {
  const io = memoryIo({ cwd: root });
  const code = await runCli(args, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("referral-kit confirm --follow-up", () => {
  it("records acknowledged, a question (clock stopped), the answer (clock restarted), once each", async () => {
    const ack = await run(
      confirm("req-f1", "--follow-up", "acknowledged", "--follow-up-at", "2025-03-01T12:00:00Z"),
    );
    expect(ack.stderr).toBe("");
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/recorded acknowledged \(now acknowledged\)/);

    const asked = await run(
      confirm(
        "req-f1",
        "--follow-up",
        "information-requested",
        "--question",
        "which designation covers the second account",
        "--follow-up-at",
        "2025-03-02T09:00:00Z",
        "--json",
      ),
    );
    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.stdout).followUp).toEqual({
      type: "information-requested",
      at: "2025-03-02T09:00:00.000Z",
      by: { id: "analyst-1" },
      question: "which designation covers the second account",
      platformRef: "N-req-f1",
      note: "recorded by hand by analyst-1",
    });
    expect(requestState(await request("req-f1")).status).toBe("information-requested");

    const args = confirm(
      "req-f1",
      "--follow-up",
      "information-supplied",
      "--follow-up-at",
      "2025-03-03T09:00:00Z",
    );
    const supplied = await run(args);
    expect(supplied.code).toBe(0);
    const after = await request("req-f1");
    const state = requestState(after);
    expect(state.status).toBe("information-supplied");
    // The deadline restarts from the answer.
    expect(Date.parse(state.deadline!)).toBeGreaterThan(Date.parse(after.deadline!));

    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already recorded/);
    expect(await request("req-f1")).toHaveProperty("events.length", after.events.length);
  }, 60_000);

  it("keeps the platform's own message out: no question that carries an email address or a phone number", async () => {
    for (const question of [
      "please call Mr Khan on +92 300 1234567",
      "the holder's number is 0300 1234567",
      "write to a.khan@example.com",
    ]) {
      const refused = await run(
        confirm("req-f2", "--follow-up", "information-requested", "--question", question),
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/personal data/);
    }
    // Without --question the history says only that the platform asked.
    const asked = await run(confirm("req-f2", "--follow-up", "information-requested", "--json"));
    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.stdout).followUp.question).toBe("the platform asks for more information");
  }, 60_000);

  it("records an escalation with level, to whom and why, then the platform's decision after it", async () => {
    await run(
      confirm(
        "req-f3",
        "--outcome",
        "no-action reason=not-violating",
        "--decided-at",
        "2025-03-02T09:00:00Z",
      ),
    );
    const escalated = await run(
      confirm(
        "req-f3",
        "--follow-up",
        "escalated",
        "--level",
        "country-representative",
        "--to",
        "X grievance officer for Pakistan",
        "--why",
        "declined on 2025-03-02 (ticket TG-2025-0042); the accounts repost banned material daily",
        "--follow-up-at",
        "2025-03-04T09:00:00Z",
        "--outcome",
        "account-terminated scope=global ground=terms-of-service",
        "--decided-at",
        "2025-03-06T09:00:00Z",
      ),
    );
    expect(escalated.stderr).toBe("");
    expect(escalated.code).toBe(0);
    const history = (await request("req-f3")).events;
    expect(history.slice(-2)).toMatchObject([
      {
        type: "escalated",
        level: "country-representative",
        to: "X grievance officer for Pakistan",
        reason: "declined on 2025-03-02 (ticket TG-2025-0042); the accounts repost banned material daily",
      },
      { type: "actioned", at: "2025-03-06T09:00:00.000Z" },
    ]);
    const state = requestState(await request("req-f3"));
    expect(state.escalations).toHaveLength(1);
    expect(state.status).toBe("actioned");
  }, 60_000);

  it("refuses what the lifecycle or the command line does not allow, before writing", async () => {
    // An answer with no open question: the lifecycle refuses it, and nothing is written (not even the
    // submission the same call would have recorded).
    const before = (await request("req-f4")).events.length;
    const unasked = await run(confirm("req-f4", "--follow-up", "information-supplied"));
    expect(unasked.code).toBe(1);
    expect(unasked.stderr).toMatch(/information-supplied/);
    expect((await request("req-f4")).events).toHaveLength(before);

    const count = (await request("req-f2")).events.length;
    const usage = [
      [["--follow-up", "asked"], /--follow-up: "asked" is not one of/],
      [["--follow-up", "escalated", "--to", "PTA", "--why", "silence"], /--level/],
      [
        ["--follow-up", "escalated", "--level", "regulatr", "--to", "PTA", "--why", "x"],
        /did you mean regulator/,
      ],
      [["--follow-up", "acknowledged", "--question", "x"], /--question/],
      [["--level", "regulator"], /--follow-up escalated/],
    ] as const;
    for (const [extra, message] of usage) {
      const result = await run(confirm("req-f2", ...extra));
      expect(result.code, extra.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect((await request("req-f2")).events).toHaveLength(count);
  }, 60_000);
});
