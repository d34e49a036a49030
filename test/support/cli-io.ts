import { PassThrough, Readable } from "node:stream";
import type { CliIo } from "../../src/cli/command.js";

/** In-memory streams for running the CLI in a test; `output()` returns what was written. */
export function memoryIo(
  options: { stdin?: string; cwd?: string; isTTY?: boolean; env?: Record<string, string> } = {},
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  stdout.on("data", (chunk: Buffer) => chunks.stdout.push(chunk));
  stderr.on("data", (chunk: Buffer) => chunks.stderr.push(chunk));
  const io: CliIo = {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout,
    stderr,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
  };
  return {
    io,
    stdout: () => Buffer.concat(chunks.stdout).toString("utf8"),
    stderr: () => Buffer.concat(chunks.stderr).toString("utf8"),
  };
}
