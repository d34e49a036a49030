import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { targetKey } from "referral-kit";
import { createManualChannel, openPreparedFile } from "referral-kit/adapters/manual";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outcomesFor, parseOutcomeSpec } from "../../src/cli/commands/confirm-decision.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { approvedRequest } from "./email-fixtures.js";

let root: string;
let store: string;
// One embedded store for the file: opening PGlite costs a second or more.
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-confirm-"));
  store = join(root, "store");
  await seed(store, ["req-1", "req-p", "req-q", "req-o1", "req-o2", "req-o3", "req-o4", "req-o5", "req-o6"]);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function seed(store: string, ids: string[]) {
  const opened = await openStore(store);
  try {
    await opened.saveRequests(
      ids.map((id) => {
        const request = approvedRequest(id);
        return { request, batches: [request.targets.map((t) => targetKey(t.target))] };
      }),
      Date.now(),
    );
  } finally {
    await opened.close();
  }
}

/** Prepares an X portal packet for a new approved request in a packets file under `root`; returns the file. */
async function preparePacket(file: string, id: string): Promise<string> {
  const prepared = join(root, file);
  const request = approvedRequest(id);
  await createManualChannel({
    platform: "x",
    portal: { name: "X portal", url: "https://x.example/gov" },
    store: openPreparedFile(prepared),
  }).submit({ request, targets: request.targets }, { idempotencyKey: `${id}:0` });
  return prepared;
}

async function events(store: string, id: string) {
  const opened = await openStore(store);
  try {
    return (await opened.getRequest(id))!.events;
  } finally {
    await opened.close();
  }
}

describe("referral-kit confirm", () => {
  it("explains usage mistakes with exit code 2", async () => {
    const run = memoryIo();
    expect(await runCli(["confirm", "req-1"], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/request id and the confirmation number/);
    const noBy = memoryIo();
    expect(await runCli(["confirm", "req-1", "N-1", "--store", store], noBy.io)).toBe(2);
    expect(noBy.stderr()).toMatch(/--actor is required/);
  });

  it("appends the submitted event with the number as platformRef, once", async () => {
    const run = memoryIo({ cwd: root });
    const args = [
      "confirm",
      "req-1",
      "X-GOV-42",
      "--store",
      store,
      "--actor",
      "analyst-1",
      "--at",
      "2025-03-01T11:00:00Z",
    ];
    expect(await runCli(args, run.io)).toBe(0);
    expect(run.stdout()).toMatch(
      /recorded as submitted through the portal, confirmation X-GOV-42 \(now submitted\)/,
    );
    const history = await events(store, "req-1");
    expect(history.at(-1)).toMatchObject({ type: "submitted", channel: "portal", platformRef: "X-GOV-42" });

    const again = memoryIo({ cwd: root });
    expect(await runCli(args, again.io)).toBe(0);
    expect(again.stdout()).toMatch(/already recorded/);
    expect(await events(store, "req-1")).toHaveLength(history.length);

    const other = memoryIo({ cwd: root });
    expect(await runCli([...args.slice(0, 2), "OTHER", ...args.slice(3)], other.io)).toBe(1);
    expect(other.stderr()).toMatch(/already submitted/);
  }, 60_000);

  it("with --prepared, refuses a request whose packet was never prepared and marks a prepared one confirmed", async () => {
    const prepared = await preparePacket("portal.jsonl", "req-p");

    const missing = memoryIo({ cwd: root });
    expect(
      await runCli(
        ["confirm", "req-q", "N-1", "--store", store, "--actor", "a", "--prepared", prepared],
        missing.io,
      ),
    ).toBe(1);
    expect(missing.stderr()).toMatch(/no packet was prepared/);
    expect((await events(store, "req-q")).some((e) => e.type === "submitted")).toBe(false);

    const run = memoryIo({ cwd: root });
    expect(
      await runCli(
        ["confirm", "req-p", "N-2", "--store", store, "--actor", "a", "--prepared", prepared, "--json"],
        run.io,
      ),
    ).toBe(0);
    expect(JSON.parse(run.stdout())).toMatchObject({
      type: "submitted",
      platformRef: "N-2",
      idempotencyKey: "req-p:0",
    });
    expect((await openPreparedFile(prepared).get("req-p"))?.confirmation?.number).toBe("N-2");
  }, 60_000);

  it("says when the request is not in the store", async () => {
    const run = memoryIo({ cwd: root });
    expect(await runCli(["confirm", "nope", "N-1", "--store", store, "--actor", "a"], run.io)).toBe(1);
    expect(run.stderr()).toMatch(/no request nope/);
  }, 30_000);
});

describe("referral-kit confirm: the platform's answer, target by target", () => {
  const base = (id: string, number = `N-${id}`) => [
    "confirm",
    id,
    number,
    "--store",
    store,
    "--actor",
    "analyst-1",
    "--at",
    "2025-03-01T11:00:00Z",
    "--decided-at",
    "2025-03-02T09:00:00Z",
  ];

  it("records the submission and a mixed decision in one write: terminated, withheld in one country, declined", async () => {
    const run = memoryIo({ cwd: root });
    const code = await runCli(
      [
        ...base("req-o1"),
        "--outcome",
        "x:fictional_ttp_media account-suspended scope=pk ground=local-law until=2025-04-01",
        "--outcome",
        "x:fictional_ttp_news no-action reason=legal-process-required code=LP-1",
        "--json",
      ],
      run.io,
    );
    expect(run.stderr()).toBe("");
    expect(code).toBe(0);
    const printed = JSON.parse(run.stdout());
    expect(printed.submitted).toMatchObject({ type: "submitted", platformRef: "N-req-o1" });
    const history = await events(store, "req-o1");
    expect(history.slice(-2).map((e) => e.type)).toEqual(["submitted", "partially-actioned"]);
    expect(history.at(-1)).toEqual({
      type: "partially-actioned",
      at: "2025-03-02T09:00:00.000Z",
      by: { id: "analyst-1" },
      targets: ["x:fictional_ttp_media"],
      outcomes: [
        {
          target: "x:fictional_ttp_media",
          measure: "account-suspended",
          scope: ["PK"],
          ground: "local-law",
          until: "2025-04-01T00:00:00.000Z",
        },
        {
          target: "x:fictional_ttp_news",
          measure: "no-action",
          reasonCode: "legal-process-required",
          platformCode: "LP-1",
        },
      ],
      note: "portal answer recorded by analyst-1",
    });
    expect(printed.decision).toEqual(history.at(-1));

    // The same answer again appends nothing.
    const again = memoryIo({ cwd: root });
    expect(
      await runCli(
        [
          ...base("req-o1"),
          "--outcome",
          "x:fictional_ttp_media account-suspended scope=PK ground=local-law until=2025-04-01",
          "--outcome",
          "x:fictional_ttp_news no-action reason=legal-process-required code=LP-1",
        ],
        again.io,
      ),
    ).toBe(0);
    expect(again.stdout()).toMatch(/already recorded as submitted with N-req-o1 and partially-actioned/);
    expect(await events(store, "req-o1")).toHaveLength(history.length);
  }, 60_000);

  it("an outcome without a target covers every target; the decision follows from the outcomes", async () => {
    const run = memoryIo({ cwd: root });
    expect(
      await runCli(
        [...base("req-o2"), "--outcome", "account-terminated scope=global ground=terms-of-service"],
        run.io,
      ),
    ).toBe(0);
    expect(run.stdout()).toMatch(
      /recorded actioned: x:fictional_ttp_media account-terminated global terms-of-service; x:fictional_ttp_news account-terminated global terms-of-service \(now actioned\)/,
    );
    const declined = memoryIo({ cwd: root });
    expect(
      await runCli(
        [
          ...base("req-o3"),
          "--outcome",
          "no-action reason=not-violating",
          "--platform-text",
          "No violation found",
        ],
        declined.io,
      ),
    ).toBe(0);
    expect((await events(store, "req-o3")).at(-1)).toMatchObject({
      type: "rejected",
      reason: "No violation found",
      outcomes: [
        { target: "x:fictional_ttp_media", measure: "no-action", reasonCode: "not-violating" },
        { target: "x:fictional_ttp_news", measure: "no-action", reasonCode: "not-violating" },
      ],
    });
  }, 60_000);

  it("records a decision later, on a request already confirmed with the same number; the lifecycle decides what may follow", async () => {
    expect(await runCli(base("req-o4").slice(0, 9), memoryIo({ cwd: root }).io)).toBe(0);
    const later = memoryIo({ cwd: root });
    expect(
      await runCli(
        [
          ...base("req-o4"),
          "--outcome",
          "x:fictional_ttp_media account-terminated",
          "--decision",
          "partially-actioned",
        ],
        later.io,
      ),
    ).toBe(0);
    expect(later.stdout()).toMatch(
      /req-o4: submitted through the portal, confirmation N-req-o4; recorded partially-actioned/,
    );
    const finished = memoryIo({ cwd: root });
    expect(
      await runCli([...base("req-o4"), "--outcome", "x:fictional_ttp_news content-removed"], finished.io),
    ).toBe(1);
    // partially-actioned may become actioned, so an explicit --decision actioned is the way to finish it.
    expect(finished.stderr()).toMatch(/partially-actioned/);
    const actioned = memoryIo({ cwd: root });
    expect(
      await runCli(
        [...base("req-o4"), "--outcome", "x:fictional_ttp_news content-removed", "--decision", "actioned"],
        actioned.io,
      ),
    ).toBe(0);
    expect((await events(store, "req-o4")).map((e) => e.type).slice(-3)).toEqual([
      "submitted",
      "partially-actioned",
      "actioned",
    ]);
    const rejectedNow = memoryIo({ cwd: root });
    expect(await runCli([...base("req-o4"), "--outcome", "no-action reason=duplicate"], rejectedNow.io)).toBe(
      1,
    );
    expect(rejectedNow.stderr()).toMatch(/actioned -> rejected|not allowed|illegal/i);
  }, 60_000);

  it("with --prepared, the submission and the decision are written together, then the packet is marked confirmed", async () => {
    const prepared = await preparePacket("portal-o6.jsonl", "req-o6");
    // A decision that cannot be recorded (a partial action naming no target) leaves the packet unconfirmed.
    const refused = memoryIo({ cwd: root });
    expect(
      await runCli(
        [...base("req-o6"), "--prepared", prepared, "--decision", "partially-actioned"],
        refused.io,
      ),
    ).toBe(2);
    expect((await openPreparedFile(prepared).get("req-o6"))?.confirmation).toBeUndefined();
    const run = memoryIo({ cwd: root });
    expect(
      await runCli(
        [...base("req-o6"), "--prepared", prepared, "--outcome", "x:fictional_ttp_news account-terminated"],
        run.io,
      ),
    ).toBe(0);
    const history = await events(store, "req-o6");
    expect(history.slice(-2)).toMatchObject([
      { type: "submitted", idempotencyKey: "req-o6:0", platformRef: "N-req-o6" },
      { type: "partially-actioned", targets: ["x:fictional_ttp_news"] },
    ]);
    expect((await openPreparedFile(prepared).get("req-o6"))?.confirmation?.number).toBe("N-req-o6");
  }, 60_000);

  it("refuses bad outcomes before writing anything: usage errors exit 2, a target the request lacks exits 1", async () => {
    const cases: [string[], RegExp][] = [
      [["--outcome", "x:fictional_ttp_media suspended"], /"suspended" is not a measure/],
      [["--outcome", "account-suspended scope=ZZ"], /scope: .*ISO 3166/],
      [["--outcome", "account-suspended scope=PK,PK"], /listed twice/],
      [["--outcome", "account-suspended ground=law"], /ground: .*terms-of-service, local-law/],
      [["--outcome", "account-terminated until=2025-05-01"], /permanent/],
      [["--outcome", "account-suspended until=2025-03-01"], /until .* is not after the decision/],
      [["--outcome", "account-suspended until=2025-03-10T10:00"], /until.*ISO 8601 time with a zone/],
      [["--outcome", "no-action"], /needs a reasonCode/],
      [["--outcome", "no-action reason=spam"], /reason: .*content-not-found/],
      [["--outcome", "no-action reason=duplicate scope=PK"], /no-action outcome has no scope/],
      [["--outcome", "content-removed reason=duplicate"], /reasonCode explains a no-action outcome/],
      [["--outcome", "account-suspended scpe=PK"], /did you mean scope=/],
      [
        ["--outcome", "no-action reason=duplicate", "--outcome", "content-removed"],
        /only one --outcome may leave out/,
      ],
      [["--outcome", "content-removed", "--decision", "rejected"], /rejection's outcomes are all no-action/],
      [["--decision", "done"], /--decision: "done" is not one of/],
      [["--platform-text", "ok"], /give --outcome or --decision/],
    ];
    for (const [extra, message] of cases) {
      const run = memoryIo({ cwd: root });
      expect(await runCli([...base("req-o5"), ...extra], run.io), extra.join(" ")).toBe(2);
      expect(run.stderr(), extra.join(" ")).toMatch(message);
    }
    const unknown = memoryIo({ cwd: root });
    expect(await runCli([...base("req-o5"), "--outcome", "x:someone_else content-removed"], unknown.io)).toBe(
      1,
    );
    expect(unknown.stderr()).toMatch(
      /no target "x:someone_else" \(its targets: x:fictional_ttp_media, x:fictional_ttp_news\)/,
    );
    expect((await events(store, "req-o5")).some((e) => e.type === "submitted")).toBe(false);
  }, 60_000);
});

describe("confirm's --outcome targets", () => {
  it("takes a link or handle for a target, as the request's canonical key", () => {
    const keys = ["x:somename", "x:somename/status/1234"];
    expect(
      outcomesFor(
        [
          parseOutcomeSpec("https://twitter.com/SomeName/ account-suspended"),
          parseOutcomeSpec("x.com/somename/status/1234?s=20 content-disabled scope=PK"),
        ],
        keys,
        "x",
      ),
    ).toEqual([
      { target: "x:somename", measure: "account-suspended" },
      { target: "x:somename/status/1234", measure: "content-disabled", scope: ["PK"] },
    ]);
    expect(() =>
      outcomesFor(
        [parseOutcomeSpec("x:somename labelled"), parseOutcomeSpec("@SomeName labelled")],
        keys,
        "x",
      ),
    ).toThrow(/two --outcome values for x:somename/);
  });
});
