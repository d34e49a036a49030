/**
 * The one convention every command follows (docs/cli.md): version, help per command, "did you mean",
 * short usage on errors, --format everywhere, exit codes in every --help, days as times.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";

const cli = async (...argv: string[]) => {
  const run = memoryIo();
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

describe("the command line convention", () => {
  it("prints the package version with --version, -V and version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    for (const flag of ["--version", "-V", "version"]) {
      const run = await cli(flag);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`referral-kit ${version}\n`);
    }
  });

  it("help <command> prints that command's help, not the global one", async () => {
    const run = await cli("help", "dispatch");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: referral-kit dispatch /);
    expect(run.stdout).toContain("--retry-failed");
    expect(run.stdout).not.toContain("Commands:");
    expect((await cli("dispatch", "--help")).stdout).toBe(run.stdout);
  });

  it("suggests the command meant", async () => {
    const run = await cli("complience", "x.csv");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "complience"; did you mean "compliance"?');
    expect(run.stderr).not.toContain("Commands:");
    const help = await cli("help", "dispatc");
    expect(help.code).toBe(2);
    expect(help.stderr).toContain('did you mean "dispatch"?');
  });

  it("suggests the option meant, and names a renamed one", async () => {
    const formt = await cli("mirrors", "--known", "a.csv", "--new", "b.csv", "--formt", "json");
    expect(formt.code).toBe(2);
    expect(formt.stderr).toContain("unknown option --formt; did you mean --format?");
    const by = await cli("confirm", "req-1", "N-1", "--store", "s", "--by", "me");
    expect(by.stderr).toContain("--by is now --actor");
    const platforms = await cli("sandbox", "--port", "0", "--platforms", "x");
    expect(platforms.stderr).toContain("--platforms is now --platform");
  });

  it("prints a short usage on a usage error, never the whole help, and no raw parser message", async () => {
    const run = await cli("verify", "--store");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "referral-kit verify: --store needs a value <path|url>\n" +
        "Usage: referral-kit verify --store <path|url> [options]\n" +
        "Run `referral-kit help verify` for the options.\n",
    );
    const flag = await cli("sync", "--json=yes", "--store", "s");
    expect(flag.stderr).toContain("--json takes no value");
  });

  it("lists every exit code in every command's --help, and --format wherever there is output", async () => {
    for (const command of COMMANDS) {
      const run = await cli(command.name, "--help");
      expect(run.code, command.name).toBe(0);
      expect(run.stdout, command.name).toMatch(/\nExit codes:/);
      expect(command.help, `${command.name} is made with defineCommand`).toBeDefined();
      expect(run.stdout, command.name).toMatch(/\nExit codes:\n {2}0 {2}\S/);
      expect(run.stdout, command.name).toContain("  2  the command line is wrong (usage)");
      // Every command that prints a result takes --format; draft and approve write requests (JSON Lines)
      // and the sandbox serves, so they have none.
      if (!["sandbox", "draft", "approve"].includes(command.name)) {
        expect(run.stdout, command.name).toMatch(/-f, --format <format>/);
      }
    }
  });

  it("takes --json and --format json alike, and refuses them when they disagree", async () => {
    const run = await cli("mirrors", "--known", "a.csv", "--new", "b.csv", "--json", "--format", "csv");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--json and --format csv disagree");
  });

  it("reads a day as the start of that day in UTC wherever a time is asked", async () => {
    const run = await cli("overdue", "--prepared", "none.jsonl", "--after", "24", "--as-of", "2025-01-01");
    // Past the option checks: the missing file is what stops it (exit 3), not the day (exit 2).
    expect(run.code).toBe(3);
    expect(run.stderr).toBe("referral-kit overdue: none.jsonl: no such file\n");
    const bad = await cli("overdue", "--prepared", "none.jsonl", "--after", "24", "--as-of", "01/02/2025");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of: "01/02/2025" is not a day (2025-01-01, read as 00:00 UTC)');
  });

  it("takes --platform repeated or comma-separated", async () => {
    const run = await cli(
      "overdue",
      "--prepared",
      "none.jsonl",
      "--after",
      "24",
      "--platform",
      "x,",
      "--json",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--platform needs a platform id");
  });
});
