import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { makeWarc } from "../support/warc.js";

let root: string;
let warc: Buffer;
const sha = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const PAGE = { url: "https://x.com/fictional_ttp_media/status/7", html: "<html>post</html>" };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-evidence-"));
  warc = await makeWarc([PAGE]);
  mkdirSync(join(root, "captures"));
  writeFileSync(join(root, "captures", "post.warc"), warc);
  writeFileSync(join(root, "captures", "SHA256SUMS"), `${sha(warc)}  post.warc\n`);
  mkdirSync(join(root, "changed"));
  writeFileSync(
    join(root, "changed", "post.warc"),
    Buffer.from(warc.toString("latin1").replace("post", "POST"), "latin1"),
  );
  writeFileSync(
    join(root, "evidence.jsonl"),
    `${JSON.stringify({
      url: PAGE.url,
      capturedAt: "2025-03-01T10:00:00Z",
      contentHash: `sha256:${sha(warc)}`,
      archive: { format: "warc", sha256: sha(warc), size: warc.length, name: "post.warc" },
    })}\n`,
  );
  writeFileSync(join(root, "not.warc"), "GIF89a");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(["evidence", ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

describe("referral-kit evidence verify", () => {
  it("exits 0 when every capture matches its manifest, and lists the captured URLs", async () => {
    const run = await cli("verify", "captures", "--list");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^checked 1 file: 1 matched, 0 changed, 0 with nothing to match; 0 missing; 1 WARC file, 2 records, 0 changed/,
    );
    expect(run.stdout).toContain(`  post.warc  response  ${PAGE.url}  sha256:${sha(PAGE.html)}`);
  });

  it("exits 1 on a capture whose bytes changed, naming the file, the record and the expectation", async () => {
    const run = await cli("verify", "changed", "--evidence", "evidence.jsonl", "--json");
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      ok: boolean;
      checked: { name: string; hash: string; warc: { blockDigests: { mismatched: number } } }[];
    };
    expect(result.ok).toBe(false);
    expect(result.checked[0]).toMatchObject({
      name: "post.warc",
      hash: "mismatched",
      warc: { blockDigests: { mismatched: 1 } },
    });
    const text = await cli("verify", "changed", "--evidence", "evidence.jsonl");
    expect(text.stdout).toContain(`CHANGED  post.warc  sha256 `);
    expect(text.stdout).toContain("the evidence says");
    expect(text.stdout).toMatch(
      /CHANGED {2}post\.warc {2}record at byte \d+ \(https:\/\/x\.com\/fictional_ttp_media\/status\/7\)/,
    );
  });

  it("reports a file that is not WARC with its offset, and exits 3 or 2 on unreadable input or usage", async () => {
    const run = await cli("verify", "not.warc");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /INVALID {2}not\.warc {2}not\.warc: record 0 at byte 0: expected a WARC version line/,
    );
    expect((await cli("verify", "nowhere")).code).toBe(3);
    expect((await cli("verify", "captures", "--evidence", "nowhere.jsonl")).code).toBe(3);
    expect((await cli("check", "captures")).code).toBe(2);
    expect((await cli("verify")).code).toBe(2);
  });
});
