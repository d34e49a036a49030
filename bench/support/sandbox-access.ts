/**
 * How dispatch.bench reaches the sandbox it measures against: started in this process
 * (`startSandboxInProcess`), or in a process of its own (`startSandboxProcess`, bench/support/sandbox-process.ts)
 * serving the same sandbox on a loopback port and answering the bench's questions over IPC. Either way
 * the bench sees the same four operations; only the platform's CPU moves.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { KnownPlatformId } from "referral-kit";
import { type MockRecord, startSandbox } from "referral-kit/testing";

/** A platform's URL and the test credentials its mock accepts. */
export interface SandboxEndpoint {
  readonly url: string;
  readonly credentials: Readonly<Record<string, string | undefined>>;
}

/** What a phase left on one platform: calls that were not a 2xx submit or token, submits, created references. */
export interface SandboxTally {
  readonly wrong: readonly (readonly [string, number, string | undefined])[];
  readonly taken: number;
  readonly created: number;
}

export interface SandboxAccess {
  /** `in process` or `own process`, for the output. */
  readonly where: string;
  readonly platforms: Readonly<Record<KnownPlatformId, SandboxEndpoint>>;
  /** The platform's submit records since the last reset. */
  submits(platform: KnownPlatformId): Promise<MockRecord[]>;
  tally(platform: KnownPlatformId): Promise<SandboxTally>;
  /** Resets every mock; fails if faults are pending (the bench's scenario is clean). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The operations, on a sandbox in this process; also what the sandbox's own process runs. */
export async function sandboxOperations() {
  // A clean scenario: the sandbox injects faults (429, 5xx, hangs) only when told to, adds no latency
  // and does not enforce the published rate limits; the clocks stand still (speed 0).
  const sandbox = await startSandbox({ port: 0, scenario: { name: "dispatch.bench (clean)", speed: 0 } });
  const platforms = {} as Record<KnownPlatformId, SandboxEndpoint>;
  for (const platform of KnownPlatformId.options) {
    const { url, credentials } = sandbox.platforms[platform];
    platforms[platform] = { url, credentials: { ...credentials } };
  }
  return {
    platforms,
    submits: (platform: KnownPlatformId) =>
      sandbox.mocks[platform].records.filter((record) => record.operation === "submit"),
    tally(platform: KnownPlatformId): SandboxTally {
      const mock = sandbox.mocks[platform];
      const records = mock.records;
      const wrong = records.filter(
        (r) => (r.operation !== "submit" && r.operation !== "token") || r.status < 200 || r.status > 299,
      );
      return {
        wrong: wrong.slice(0, 3).map((r) => [r.operation, r.status, r.fault] as const),
        taken: records.filter((record) => record.operation === "submit").length,
        created: mock.createdReferences().length,
      };
    },
    reset() {
      sandbox.reset();
      for (const platform of KnownPlatformId.options) {
        if (sandbox.mocks[platform].pendingInjections().length > 0) {
          throw new Error(`dispatch.bench: faults pending on ${platform}`);
        }
      }
    },
    close: () => sandbox.close(),
  };
}

/** The sandbox in this process: its handlers share the event loop with the client being measured. */
export async function startSandboxInProcess(): Promise<SandboxAccess> {
  const ops = await sandboxOperations();
  return {
    where: "in process",
    platforms: ops.platforms,
    submits: async (platform) => ops.submits(platform),
    tally: async (platform) => ops.tally(platform),
    reset: async () => ops.reset(),
    close: ops.close,
  };
}

type Question = { op: "submits" | "tally"; platform: KnownPlatformId } | { op: "reset" | "close" };
type Answer = { id: number; value?: unknown; error?: string } | { ready: Record<string, SandboxEndpoint> };

/**
 * The sandbox in a process of its own (as a real platform is a remote server): its CPU is not the
 * measured client's. Questions go over the IPC channel, never during a timed phase.
 */
export function startSandboxProcess(): Promise<SandboxAccess> {
  const script = fileURLToPath(new URL("./sandbox-process.ts", import.meta.url));
  const child = fork(script, [], {
    execArgv: ["--import", "tsx"],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  const ask = <T>(question: Question): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, ...question });
    });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      const error = new Error(`dispatch.bench: the sandbox's process exited (${code})`);
      reject(error);
      for (const entry of waiting.values()) entry.reject(error);
    });
    child.on("message", (answer: Answer) => {
      if ("ready" in answer) {
        resolve({
          where: "own process",
          platforms: answer.ready as Record<KnownPlatformId, SandboxEndpoint>,
          submits: (platform) => ask({ op: "submits", platform }),
          tally: (platform) => ask({ op: "tally", platform }),
          reset: () => ask({ op: "reset" }),
          close: async () => {
            await ask({ op: "close" });
            child.disconnect();
          },
        });
        return;
      }
      const entry = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (answer.error !== undefined) entry?.reject(new Error(answer.error));
      else entry?.resolve(answer.value);
    });
  });
}
