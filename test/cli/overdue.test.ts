import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";

let root: string;
const prepared = (requestId: string, platform: string, preparedAt: string) => ({
  type: "prepared",
  requestId,
  platform,
  portal: `${platform} portal (modelled)`,
  preparedAt,
  idempotencyKey: `${requestId}:0`,
  targetKeys: [`${platform}:someone`],
});

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rk-overdue-"));
  const lines = [
    prepared("req-old", "telegram", "2026-01-01T00:00:00Z"),
    prepared("req-older", "whatsapp", "2025-12-30T00:00:00Z"),
    prepared("req-new", "telegram", "2026-01-02T20:00:00Z"),
    prepared("req-done", "telegram", "2025-12-01T00:00:00Z"),
    {
      type: "confirmed",
      requestId: "req-done",
      number: "TG-1",
      at: "2025-12-01T10:00:00Z",
      by: { id: "a-1" },
    },
  ];
  writeFileSync(join(root, "portal.jsonl"), lines.map((line) => JSON.stringify(line)).join("\n"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const overdue = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(["overdue", "--prepared", "portal.jsonl", ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

describe("referral-kit overdue", () => {
  it("lists unconfirmed packets past the limit, longest waiting first, and exits 1", async () => {
    const run = await overdue("--after", "24", "--as-of", "2026-01-03T00:00:00Z");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^3 packets awaiting a confirmation number; 2 overdue/);
    expect(run.stdout).toMatch(
      / {2}req-older {2}whatsapp .* waiting 96 h\n {2}req-old {2}telegram .* waiting 48 h/,
    );
    expect(run.stdout).not.toMatch(/req-new|req-done/);
    expect(run.stdout).toMatch(/Not submitted until the confirmation number is recorded/);
  });

  it("exits 0 when nothing is overdue; --platform and --json narrow and structure it", async () => {
    expect((await overdue("--after", "100", "--as-of", "2026-01-03T00:00:00Z")).code).toBe(0);
    const run = await overdue(
      "--after",
      "24",
      "--as-of",
      "2026-01-03T00:00:00Z",
      "--platform",
      "telegram",
      "--json",
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { awaiting: number; overdue: { requestId: string }[] };
    expect([report.awaiting, report.overdue.map((o) => o.requestId)]).toEqual([2, ["req-old"]]);
  });

  it("usage mistakes exit 2; a missing file is 3, never 'nothing overdue'", async () => {
    expect((await overdue()).code).toBe(2);
    expect((await overdue("--after", "soon")).code).toBe(2);
    expect((await overdue("--after", "24", "--as-of", "yesterday")).code).toBe(2);
    const missing = memoryIo({ cwd: root });
    expect(await runCli(["overdue", "--prepared", "nope.jsonl", "--after", "24"], missing.io)).toBe(3);
  });
});
