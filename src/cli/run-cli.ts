import { type CliCommand, type CliIo, ExitCode, UsageError } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { closest } from "./suggest.js";
import { packageVersion } from "./version.js";

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    "Usage: referral-kit <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "  referral-kit help <command>   a command's options and exit codes (also: <command> --help)",
    "  referral-kit --version        the installed version",
    "",
    "The conventions every command follows (formats, times, exit codes, config files): docs/cli.md",
    "",
  ].join("\n");
}

/**
 * Runs the command line with `argv` (without the node and script paths) and returns the exit code.
 * Separate from the bin entry so tests can call it with their own streams; `commands` replaces the
 * registered list (tests).
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { stdin, stdout, stderr, cwd, env, isTTY });
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(helpText(commands));
    return ExitCode.usage;
  }
  if (name === "--help" || name === "-h") {
    io.stdout.write(helpText(commands));
    return ExitCode.ok;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`referral-kit ${packageVersion()}\n`);
    return ExitCode.ok;
  }
  if (name === "help") {
    const [topic, extra] = rest;
    if (topic === undefined) {
      io.stdout.write(helpText(commands));
      return ExitCode.ok;
    }
    const command = find(commands, topic, io);
    if (!command) return ExitCode.usage;
    if (extra !== undefined) {
      io.stderr.write(`referral-kit help: one command at a time (got "${extra}")\n`);
      return ExitCode.usage;
    }
    io.stdout.write(helpOf(command));
    return ExitCode.ok;
  }
  const command = find(commands, name, io);
  if (!command) return ExitCode.usage;
  // Before `--`, a help flag wins over everything else on the line.
  const end = rest.indexOf("--");
  const options = end === -1 ? rest : rest.slice(0, end);
  if (options.includes("--help") || options.includes("-h")) {
    io.stdout.write(helpOf(command));
    return ExitCode.ok;
  }
  try {
    return await command.run([...rest], io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `referral-kit ${command.name}: ${error.message}\n${command.usage.split("\n")[0]}\n` +
          `Run \`referral-kit help ${command.name}\` for the options.\n`,
      );
      return ExitCode.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`referral-kit ${command.name}: ${message}\n`);
    return ExitCode.failure;
  }
}

function helpOf(command: CliCommand): string {
  const help = command.help ?? command.usage;
  return help.endsWith("\n") ? help : `${help}\n`;
}

function find(commands: readonly CliCommand[], name: string, io: CliIo): CliCommand | undefined {
  const command = commands.find((candidate) => candidate.name === name);
  if (command) return command;
  const suggestion = closest(
    name,
    commands.map((candidate) => candidate.name),
  );
  io.stderr.write(
    `referral-kit: unknown command "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""}\n` +
      "Run `referral-kit --help` for the commands.\n",
  );
  return undefined;
}
