/**
 * Runs a benchmark's phase in a child process (`node --import tsx --expose-gc <script> <json>`; a `.mjs`
 * script, such as a bundled phase, without tsx), so its peak RSS is that phase's alone, and reads the JSON
 * line the phase prints last.
 */
import { spawn } from "node:child_process";

/**
 * Runs `script` with `config` (as JSON in argv[2]); resolves with the last line it printed, parsed.
 * `nodeFlags` go to that process's `node` (V8 heap flags, say).
 */
export function runChild<T>(script: string, config: unknown, nodeFlags: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...nodeFlags,
        ...(script.endsWith(".mjs") ? [] : ["--import", "tsx"]),
        "--expose-gc",
        script,
        JSON.stringify(config),
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.on("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${stdout}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${stdout}`));
      }
    });
  });
}

/** Starts the loopback platform in its own process; resolves with its URL and a stop function. */
export function startLoopbackProcess(
  script: string,
  latencyMs: number,
): Promise<{ url: string; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, String(latencyMs)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (line)
        resolve({
          url: (JSON.parse(line) as { url: string }).url,
          stop: () => child.stdin.end(),
        });
    });
    child.on("exit", (code) => reject(new Error(`the loopback platform exited (${code})`)));
  });
}
