import { loadOptional } from "../../adapter/load-optional.js";
import { KNOWN_PLATFORM_IDS, type KnownPlatformId } from "../../domain/platforms.js";
import type { SandboxScenario } from "../../testing/index.js";
import { isLoopbackHost } from "../../testing/sandbox/loopback.js";
import { excerpt } from "../../text/decode.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { messageOf, PLATFORM_OPTION, pathIn, platformList } from "../options.js";

interface SandboxCliOptions {
  port: number;
  host: string | undefined;
  scenario: string | undefined;
  seed: number | undefined;
  platforms: KnownPlatformId[] | undefined;
}

function parseOptions(values: {
  port?: string | undefined;
  host?: string | undefined;
  scenario?: string | undefined;
  seed?: string | undefined;
  platform?: string[] | undefined;
}): SandboxCliOptions {
  if (values.port === undefined) throw new UsageError("give the port with --port <p> (0 picks a free one)");
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new UsageError(`--seed must be a whole number, got "${values.seed}"`);
  }
  if (values.host === "") throw new UsageError("--host needs an address");
  const platforms = platformList(values.platform);
  const unknown = platforms?.filter((id) => !(KNOWN_PLATFORM_IDS as readonly string[]).includes(id));
  if (unknown && unknown.length > 0) {
    throw new UsageError(
      `--platform names no built-in platform: ${unknown.join(", ")} (choose from ${KNOWN_PLATFORM_IDS.join(", ")})`,
    );
  }
  return {
    port,
    host: values.host,
    scenario: values.scenario,
    seed,
    platforms: platforms as KnownPlatformId[] | undefined,
  };
}

/** The package's own testing door, by name (see {@link loadSandboxDoor}). */
// Joined at run time so no bundler folds it back into a literal it would then bundle.
const TESTING_DOOR = ["referral-kit", "testing"].join("/");

/**
 * Loads the sandbox at run time through the package's public `referral-kit/testing` export. Not a
 * static import: the sandbox needs msw (an optional peer dependency), and the CLI is bundled into one
 * file, so a static import would make every other command fail to start without msw. A specifier held
 * in a variable is left alone by the bundler and resolved by Node (package self-reference) or by the
 * tsconfig paths under tsx and vitest.
 *
 * @throws {MissingDependencyError} msw is not installed.
 */
async function loadSandboxDoor(): Promise<typeof import("../../testing/index.js")> {
  await loadOptional("msw", "the sandbox");
  return (await import(TESTING_DOOR)) as typeof import("../../testing/index.js");
}

/**
 * Resolves with the reason when the command should stop: SIGINT, SIGTERM, or the io's abort signal.
 * Our own signal listeners replace Node's default exit, so the server closes cleanly and we exit 0.
 */
function untilStopped(io: CliIo): { stopped: Promise<string>; dispose(): void } {
  const listeners: (() => void)[] = [];
  const stopped = new Promise<string>((done) => {
    for (const name of ["SIGINT", "SIGTERM"] as const) {
      const onSignal = () => done(name);
      process.once(name, onSignal);
      listeners.push(() => process.off(name, onSignal));
    }
    const { signal } = io;
    if (!signal) return;
    if (signal.aborted) return done("stopped");
    const onAbort = () => done("stopped");
    signal.addEventListener("abort", onAbort, { once: true });
    listeners.push(() => signal.removeEventListener("abort", onAbort));
  });
  const dispose = () => {
    for (const remove of listeners.splice(0)) remove();
  };
  return { stopped, dispose };
}

/**
 * `referral-kit sandbox`: the platform mocks on a local HTTP server until interrupted. Prints the base URL
 * of every platform and the admin endpoint; exits 0 when stopped.
 *
 * @example
 * ```sh
 * referral-kit sandbox --port 4010
 * ```
 */
export const sandboxCommand = defineCommand({
  name: "sandbox",
  summary: "Serve the six platform mocks over local HTTP for tools in any language",
  synopsis: "--port <p> [options]",
  description: `Serves the six platform mocks on a local HTTP server, so tools written in any language can develop
against the modelled protocols (docs/wire/*.md). Each platform answers under its own prefix
(/facebook/v21.0, /instagram/v21.0, /whatsapp/v1, /tiktok/v2, /x/2, /telegram); the admin endpoints
under /__sandbox read records, move the virtual clocks, inject faults and change scenarios
(docs/sandbox.md). Runs until interrupted (Ctrl-C, SIGTERM).

The platforms decide on a virtual clock: give the other commands --clock <sandbox URL> so the times they
record match it.`,
  options: {
    port: { type: "string", value: "<p>", help: "port to listen on (0 picks a free one)" },
    host: {
      type: "string",
      value: "<address>",
      help: "address to listen on (default 127.0.0.1); a non-loopback address exposes the mocks and their test credentials to the network, and is only used when given here",
    },
    scenario: {
      type: "string",
      value: "<file>",
      help: "JSON scenario file: per-platform scenario patches, seed, startTime, speed",
    },
    seed: { type: "string", value: "<n>", help: "seeds every platform (replaces the scenario file's seed)" },
    platform: {
      ...PLATFORM_OPTION,
      help: "serve only this platform (default all six); several as --platform x --platform telegram or --platform x,telegram",
    },
  },
  renamed: { platforms: "platform" },
  exitCodes: { 0: "stopped (Ctrl-C, SIGTERM)", 3: "the scenario file could not be read" },
  examples: [
    "referral-kit sandbox --port 4010",
    "referral-kit sandbox --port 0 --platform x,telegram --seed 7",
  ],
  async run({ values }, io) {
    const options = parseOptions(values);
    const { loadSandboxScenario, startSandbox } = await loadSandboxDoor();
    let scenario: SandboxScenario = {};
    if (options.scenario !== undefined) {
      try {
        scenario = await loadSandboxScenario(pathIn(io.cwd, options.scenario));
      } catch (error) {
        throw new CliInputError(excerpt(messageOf(error), 300), options.scenario);
      }
    }
    const host = options.host ?? "127.0.0.1";
    // An explicit --host is the consent startSandbox asks for; still say what it means.
    if (!isLoopbackHost(host)) {
      io.stderr.write(
        `referral-kit sandbox: WARNING: listening on ${host}, not loopback: other machines can reach the mocks ` +
          "and their published test credentials. Use only on a network you trust.\n",
      );
    }
    const sandbox = await startSandbox({
      port: options.port,
      host,
      exposeOnNetwork: options.host !== undefined,
      scenario,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.platforms ? { platforms: options.platforms } : {}),
    });
    const stop = untilStopped(io);
    try {
      const width = Math.max(...Object.keys(sandbox.platforms).map((id) => id.length));
      const lines = Object.values(sandbox.platforms).map((p) => `  ${p.id.padEnd(width)}  ${p.url}`);
      const clock =
        sandbox.speed > 0
          ? `virtual clocks at ${sandbox.speed}x real time`
          : "virtual clocks move on POST /__sandbox/advance";
      io.stdout.write(
        [
          `referral-kit sandbox listening on ${sandbox.url}${scenario.name ? ` (scenario: ${scenario.name})` : ""}`,
          ...lines,
          `  admin  ${sandbox.url}/__sandbox  (${clock})`,
          `Give the other commands --clock ${sandbox.url} to record times on the sandbox's clock.`,
          "Press Ctrl-C to stop.",
          "",
        ].join("\n"),
      );
      const reason = await stop.stopped;
      io.stdout.write(`referral-kit sandbox: stopping (${reason})\n`);
      return ExitCode.ok;
    } finally {
      stop.dispose();
      await sandbox.close();
    }
  },
});
