import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) and what the worker printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when the worker prints a line that `match` accepts (rejects if it exits first). */
  line(match: (line: string) => boolean): Promise<string>;
}

/** Starts a dispatch worker process (see worker.ts). */
export function spawnWorker(config: Record<string, unknown>): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", worker, JSON.stringify(config)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  const line = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = stdout.split("\n").find(match);
        if (found === undefined) return false;
        child.stdout?.off("data", check);
        resolve(found);
        return true;
      };
      if (check()) return;
      child.stdout?.on("data", check);
      void exited.then((result) => {
        if (!check()) reject(new Error(`the worker exited before printing the line: ${result.stderr}`));
      });
    });
  return { child, exited, line };
}
