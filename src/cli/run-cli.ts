import { type CliCommand, type CliIo, ExitCode, UsageError } from "./command.js";
import { complianceCommand } from "./commands/compliance.js";
import { confirmCommand } from "./commands/confirm.js";
import { dispatchCommand } from "./commands/dispatch.js";
import { expireCommand } from "./commands/expire.js";
import { importCommand } from "./commands/import.js";
import { mirrorsCommand } from "./commands/mirrors.js";
import { overdueCommand } from "./commands/overdue.js";
import { publishedCommand } from "./commands/published.js";
import { reconcileCommand } from "./commands/reconcile.js";
import { repliesCommand } from "./commands/replies.js";
import { sandboxCommand } from "./commands/sandbox.js";
import { syncCommand } from "./commands/sync.js";
import { transparencyCommand } from "./commands/transparency.js";
import { verifyCommand } from "./commands/verify.js";

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  complianceCommand,
  importCommand,
  mirrorsCommand,
  dispatchCommand,
  syncCommand,
  expireCommand,
  transparencyCommand,
  sandboxCommand,
  confirmCommand,
  repliesCommand,
  overdueCommand,
  verifyCommand,
  publishedCommand,
  reconcileCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    "Usage: referral-kit <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `referral-kit <command> --help` for a command's options.",
    "",
  ].join("\n");
}

/**
 * Runs the command line with `argv` (without the node and script paths) and returns the exit code.
 * Separate from the bin entry so tests can call it with their own streams.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(helpText());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`referral-kit: unknown command "${name}"\n\n${helpText()}`);
    return ExitCode.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`referral-kit ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return ExitCode.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`referral-kit ${command.name}: ${message}\n`);
    return ExitCode.failure;
  }
}
