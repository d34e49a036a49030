import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";

describe("referral-kit command line", () => {
  it("prints help and exits 0 with --help", async () => {
    const run = memoryIo();
    expect(await runCli(["--help"], run.io)).toBe(0);
    expect(run.stdout()).toContain("Usage: referral-kit <command>");
  });

  it("exits 2 with usage when no command is given", async () => {
    const run = memoryIo();
    expect(await runCli([], run.io)).toBe(2);
    expect(run.stderr()).toContain("Commands:");
  });

  it("names an unknown command and exits 2", async () => {
    const run = memoryIo();
    expect(await runCli(["frobnicate"], run.io)).toBe(2);
    expect(run.stderr()).toContain('unknown command "frobnicate"');
  });
});
