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

/** One subcommand of the `referral-kit` command line. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
