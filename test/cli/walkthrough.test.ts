/**
 * Runs the README's command-line walkthrough as written, against the sandbox: every `referral-kit` line
 * through the command line, `export` lines into the environment, the `curl` line as an HTTP call. The
 * sandbox listens on a free port, put in place of 4010 wherever the lines and the config name it.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sandbox, startSandbox } from "referral-kit/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";

/** The lines of the shell block after the walkthrough marker in README.md. */
function walkthroughLines(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("<!-- walkthrough:");
  if (start === -1) throw new Error("README.md has no walkthrough marker");
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error("no sh block after the walkthrough marker");
  return block[1]!.split("\n").filter((line) => line.trim() !== "");
}

/** Shell words: spaces split, double quotes group (the walkthrough uses nothing more). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

let sandbox: Sandbox;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-walkthrough-"));
  sandbox = await startSandbox({ port: 0 });
}, 30_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the README walkthrough", () => {
  it("runs from pasted links to the report with the command line alone", async () => {
    const port = (text: string) => text.replaceAll("127.0.0.1:4010", new URL(sandbox.url).host);
    mkdirSync(join(root, "examples"), { recursive: true });
    cpSync("examples/requests", join(root, "examples", "requests"), { recursive: true });
    const config = join(root, "examples/requests/sandbox-dispatch.json");
    writeFileSync(config, port(readFileSync(config, "utf8")));

    const env: Record<string, string> = {};
    const outputs = new Map<string, string>();
    for (const raw of walkthroughLines()) {
      const line = port(raw);
      const [program, ...args] = words(line);
      if (program === "referral-kit" && args[0] === "sandbox") {
        expect(line).toMatch(/&$/); // started in the background; the test's own sandbox stands in for it
        continue;
      }
      if (program === "export") {
        for (const assignment of args) {
          const [name, ...value] = assignment.split("=");
          env[name!] = value.join("=");
          // The adapters read their credentials from the process environment, as in a real shell.
          vi.stubEnv(name!, value.join("="));
        }
        continue;
      }
      if (program === "curl") {
        const url = args.find((arg) => arg.startsWith("http"))!;
        const response = await fetch(url, { method: "POST" });
        expect(response.ok, line).toBe(true);
        continue;
      }
      expect(program, line).toBe("referral-kit");
      const run = memoryIo({ cwd: root, env });
      const code = await runCli(args, run.io);
      expect(code, `${line}\n${run.stderr()}\n${run.stdout()}`).toBe(0);
      outputs.set(args.slice(0, 3).join(" "), run.stdout());
    }

    const dispatch = [...outputs].find(([key]) => key.startsWith("dispatch"))![1];
    // Eight pasted links: accounts and content on X and Telegram, one request per platform and kind.
    expect(dispatch).toMatch(/stored 4 new requests/);
    expect(dispatch).toMatch(/4 sent, 0 failed, 0 still queued/);
    const sync = [...outputs].find(([key]) => key.startsWith("sync"))![1];
    expect(sync).toMatch(/asked about 4 requests, recorded [1-9]\d* events/);

    const table = outputs.get("compliance --verifications verifications.jsonl")!;
    expect(table).toMatch(/\bx\b/);
    expect(table).toMatch(/\btelegram\b/);
    // Times on the sandbox's clock: decisions come after submissions, so time to action is not 0 h.
    expect(table).not.toMatch(/median[^\n]*\b0(\.0)? ?h\b/i);
    const html = readFileSync(join(root, "report.html"), "utf8");
    expect(html).toContain("<title>Referrals, January 2026</title>");
    expect(html).toContain("Synthetic data");
    const transparency = outputs.get("transparency --from 2026-01-01")!;
    expect(transparency).toMatch(/X/);
    expect(existsSync(join(root, "verifications.jsonl"))).toBe(true);
    const exported = readFileSync(join(root, "requests-with-history.jsonl"), "utf8").trim().split("\n");
    expect(exported).toHaveLength(4);
    for (const line of exported) {
      const request = JSON.parse(line) as { events: { type: string; at: string }[] };
      const submitted = request.events.find((event) => event.type === "submitted")!;
      const decided = request.events.find((event) => ["actioned", "rejected"].includes(event.type));
      expect(Date.parse(submitted.at)).toBeGreaterThanOrEqual(Date.parse("2026-01-05T09:00:00Z"));
      if (decided) expect(Date.parse(decided.at)).toBeGreaterThan(Date.parse(submitted.at));
    }
  }, 180_000);
});
