/**
 * `draft` and `approve`: pasted links with their evidence become drafted requests, an approval makes them
 * ready for dispatch, and every bad row or refused request says where and why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestState } from "referral-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rk-draft-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (...argv: string[]) => {
  const run = memoryIo({ cwd: dir });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};
const HEADER = "link,group,evidence_url,content_hash,captured_at";
const HASH = `sha256:${"ab".repeat(32)}`;
const draftArgs = [
  "--actor",
  "analyst-07",
  "--basis",
  "Prevention of Electronic Crimes Act 2016 (Pakistan)",
  "--section",
  "s. 37",
  "--authority",
  "Fictional Unit",
  "--id-prefix",
  "t",
];

describe("referral-kit draft and approve", () => {
  it("drafts one request per platform and kind from pasted links, and approve makes them sendable", async () => {
    writeFileSync(
      join(dir, "links.csv"),
      [
        HEADER,
        `https://twitter.com/Fict_One,ttp,https://evidence.example.org/1,${HASH},2026-01-01T10:00:00Z`,
        `x.com/fict_two/status/1800000000000000001,iskp,https://evidence.example.org/2,${HASH},2026-01-01T10:00:00Z`,
        `https://t.me/fict_three,bla,https://evidence.example.org/3,${HASH},2026-01-01T10:00:00Z`,
      ].join("\n"),
    );
    const draft = await cli("draft", "links.csv", ...draftArgs, "--out", "drafts.jsonl");
    expect(draft.code).toBe(0);
    const drafts = readFileSync(join(dir, "drafts.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(drafts.map((r) => [r.id, r.kind, r.targets.length])).toEqual([
      ["t-x-suspend", "suspend", 1],
      ["t-x-remove-content", "remove-content", 1],
      ["t-telegram-suspend", "suspend", 1],
    ]);
    expect(drafts[0].targets[0].target.account.username).toBe("fict_one");
    expect(drafts[0].designations[0]).toMatchObject({ groupId: "ttp" });

    const approve = await cli(
      "approve",
      "drafts.jsonl",
      "--actor",
      "supervisor-02",
      "--out",
      "requests.jsonl",
    );
    expect(approve.code).toBe(0);
    expect(approve.stderr).toBe("approved 3 requests into requests.jsonl\n");
    for (const line of readFileSync(join(dir, "requests.jsonl"), "utf8").trim().split("\n")) {
      expect(requestState(JSON.parse(line)).status).toBe("approved");
    }
  });

  it("records an approval no earlier than the draft, whose clock may be ahead (a sandbox clock read again by each command)", async () => {
    // Against a sandbox whose clock stands still, each command reads the same virtual time and adds the
    // real time it has run: a draft that took a few milliseconds is dated after an approval made at once.
    const [first] = readFileSync(join(dir, "drafts.jsonl"), "utf8").trim().split("\n");
    const request = JSON.parse(first!);
    const draftedAt = new Date(Date.now() + 60_000).toISOString();
    request.events[0].at = draftedAt;
    writeFileSync(join(dir, "ahead.jsonl"), `${JSON.stringify(request)}\n`);
    const run = await cli(
      "approve",
      "ahead.jsonl",
      "--actor",
      "supervisor-02",
      "--out",
      "ahead-approved.jsonl",
    );
    expect(run.stderr).toBe("approved 1 request into ahead-approved.jsonl\n");
    expect(run.code).toBe(0);
    const approved = JSON.parse(readFileSync(join(dir, "ahead-approved.jsonl"), "utf8"));
    expect(approved.events.map((event: { type: string; at: string }) => [event.type, event.at])).toEqual([
      ["drafted", draftedAt],
      ["approved", draftedAt],
    ]);
  });

  it("names the line of a link that is not a target, of a row without evidence, of an unknown group", async () => {
    const cases: [string, RegExp][] = [
      [
        `https://x.com/home,ttp,https://e.example.org/1,${HASH},2026-01-01T10:00:00Z`,
        /bad\.csv:2: https:\/\/x\.com\/home: /,
      ],
      ["https://x.com/fict_a,ttp,,,", /bad\.csv:2: x:fict_a has no evidence/],
      [
        `https://x.com/fict_a,nosuch,https://e.example.org/1,${HASH},2026-01-01T10:00:00Z`,
        /bad\.csv:2: group "nosuch" is not in the registry/,
      ],
    ];
    for (const [row, message] of cases) {
      writeFileSync(join(dir, "bad.csv"), `${HEADER}\n${row}\n`);
      const run = await cli("draft", "bad.csv", ...draftArgs);
      expect(run.code, row).toBe(3);
      expect(run.stderr, row).toMatch(message);
      expect(run.stdout, row).toBe("");
    }
  });

  it("lists a request the safeguards refuse, with the reason, and exits 1", async () => {
    const [first] = readFileSync(join(dir, "drafts.jsonl"), "utf8").trim().split("\n");
    const request = JSON.parse(first!);
    request.targets[0].evidence = [];
    writeFileSync(join(dir, "no-evidence.jsonl"), `${JSON.stringify(request)}\n`);
    const run = await cli("approve", "no-evidence.jsonl", "--actor", "supervisor-02");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no-evidence\.jsonl:1/);
  });

  it("refuses a preserve request without its preservation details in one line naming the rule", async () => {
    const [first] = readFileSync(join(dir, "drafts.jsonl"), "utf8").trim().split("\n");
    const request = { ...JSON.parse(first!), id: "t-x-preserve", kind: "preserve" };
    writeFileSync(join(dir, "bare-preserve.jsonl"), `${JSON.stringify(request)}\n`);
    const run = await cli("approve", "bare-preserve.jsonl", "--actor", "supervisor-02");
    expect(run.code).toBe(1);
    const refused = run.stderr.split("\n").filter((line) => line.startsWith("refused"));
    expect(refused).toEqual([
      expect.stringMatching(
        /^refused t-x-preserve \(bare-preserve\.jsonl:1\): a preserve request needs its preservation details.* \[preservation_details_required\]$/,
      ),
    ]);
  });

  it("drafts preserve requests under a named preservation rule, which approve accepts; refuses what a CSV cannot give", async () => {
    const preserve = await cli(
      "draft",
      "links.csv",
      ...draftArgs,
      "--kind",
      "preserve",
      "--preservation-rule",
      "eu-e-evidence",
      "--out",
      "preserve.jsonl",
    );
    expect(preserve.code, preserve.stderr).toBe(0);
    const drafts = readFileSync(join(dir, "preserve.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(drafts.map((r) => [r.kind, r.preservation])).toEqual([
      ["preserve", { rule: "eu-e-evidence" }],
      ["preserve", { rule: "eu-e-evidence" }],
    ]);
    const approve = await cli("approve", "preserve.jsonl", "--actor", "supervisor-02");
    expect(approve.code, approve.stderr).toBe(0);

    const cases: [string[], RegExp][] = [
      [["--kind", "preserve"], /--kind preserve needs --preservation-rule <rule>: one of .*eu-e-evidence/],
      [
        ["--kind", "preserve", "--preservation-rule", "forever"],
        /--preservation-rule: "forever" is not one of/,
      ],
      [["--preservation-rule", "eu-tco"], /--preservation-rule goes with --kind preserve/],
      [["--kind", "disclose-data"], /disclose-data requests need .* the library/],
    ];
    for (const [extra, message] of cases) {
      const run = await cli("draft", "links.csv", ...draftArgs, ...extra);
      expect(run.code, extra.join(" ")).toBe(2);
      expect(run.stderr, extra.join(" ")).toMatch(message);
      expect(run.stdout).toBe("");
    }
  });
});
