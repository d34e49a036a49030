import type { Readable, Writable } from "node:stream";

/** Where a command reads and writes; tests pass their own streams. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
  /**
   * Stops a long-running command (the sandbox) as SIGINT would. Optional: the bin entry relies on the
   * process signals; tests pass one to stop the command they started.
   */
  signal?: AbortSignal;
}

/** Exit codes every command uses, so scripts can rely on them. */
export const ExitCode = {
  ok: 0,
  /** The work ran but found a failure (bad rows in strict mode, a request not sent). */
  failure: 1,
  /** The command line was wrong. */
  usage: 2,
  /** Input could not be read or parsed. */
  input: 3,
} as const;

/**
 * What each exit code means for one command, as its `--help` lists it. Code 2 (usage) is the same for
 * every command and added by {@link defineCommand}.
 */
export type ExitCodeMeanings = Readonly<{ 0: string; 1?: string; 3?: string }>;

/** One subcommand of the `referral-kit` command line. */
export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis line: `Usage: referral-kit <name> ...`. */
  readonly usage: string;
  /**
   * The full `--help` text. Commands made with `defineCommand` have it; one without it shows `usage` as
   * its help.
   */
  readonly help?: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage mistake: printed with the command's synopsis, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Input that could not be read (a missing or damaged file, bytes that are not the expected encoding): one
 * line on stderr, exit code 3. `where` names the file (and line) the way an editor takes it: `file:12`.
 */
export class CliInputError extends Error {
  readonly where: string | undefined;
  constructor(message: string, where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = "CliInputError";
    this.where = where;
  }
}
