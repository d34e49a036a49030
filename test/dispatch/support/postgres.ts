import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const ciUrlFile = `${root}.tmp/pg/url`;

/** A PostgreSQL server for the store tests and benchmarks, and how to let it go. */
export interface TestPostgres {
  /** A URL for a database on it (the server's own, or the one given). */
  readonly url: string;
  /** Stops the server when this process started it (a no-op for a server given from outside). */
  stop(): Promise<void>;
}

/** Why the PostgreSQL tests are skipped on this machine, or `undefined` when they can run. */
export type PostgresUnavailable = { readonly skipped: string };

/**
 * The PostgreSQL server the store tests use:
 * - `REFERRAL_KIT_PG_URL`, when set;
 * - in CI, the server `scripts/ci-setup-postgres.sh` started (its URL is in `.tmp/pg/url`; a missing one is
 *   an error there, never a skip);
 * - otherwise a server of its own, started from the installed PostgreSQL binaries in a temporary
 *   directory, listening on a Unix socket only (no port to collide with), and stopped by `stop()`.
 * Nothing is installed and nothing outside the temporary directory is changed. Without PostgreSQL
 * binaries the tests are skipped with the reason (`skipped`).
 */
export async function startTestPostgres(): Promise<TestPostgres | PostgresUnavailable> {
  const fromEnv = process.env.REFERRAL_KIT_PG_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => {} };
  if (process.env.CI) {
    if (fs.existsSync(ciUrlFile))
      return { url: fs.readFileSync(ciUrlFile, "utf8").trim(), stop: async () => {} };
    throw new Error(
      "No PostgreSQL server for the store tests: set REFERRAL_KIT_PG_URL or run scripts/ci-setup-postgres.sh " +
        "before the tests (.ci/run does).",
    );
  }
  const bin = postgresBin();
  if (!bin) {
    return {
      skipped:
        "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH): the PostgreSQL " +
        "store tests are skipped. Install the server (Debian: apt-get install postgresql) or set " +
        "REFERRAL_KIT_PG_URL to run them.",
    };
  }
  return startOwnServer(bin);
}

/** The installed PostgreSQL's bin directory (the newest), or `undefined`. */
export function postgresBin(): string | undefined {
  const candidates: string[] = [];
  try {
    for (const version of fs.readdirSync("/usr/lib/postgresql")) {
      candidates.push(path.join("/usr/lib/postgresql", version, "bin"));
    }
  } catch {
    // Not Debian's layout.
  }
  candidates.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).reverse();
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
  return candidates.find(
    (dir) => isExecutable(path.join(dir, "initdb")) && isExecutable(path.join(dir, "pg_ctl")),
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The server refuses to run as root: as root, run its tools as the `postgres` user the package made. */
function asServerUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error("running as root, and there is no `postgres` user to run the test server as");
  }
}

async function startOwnServer(bin: string): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "rk-pg-"));
  const data = path.join(dir, "data");
  const user = asServerUser();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const run = (tool: string, args: string[]) =>
    execFileSync(path.join(bin, tool), args, {
      stdio: "pipe",
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: { ...process.env, LC_ALL: "C" },
    });
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-c listen_addresses='' -c unix_socket_directories='${dir}' -c max_connections=200 -c fsync=off`,
      "start",
    ]);
    started = true;
    const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
    return { url, stop };
  } catch (error) {
    const log = path.join(dir, "server.log");
    const detail = fs.existsSync(log) ? `\n${fs.readFileSync(log, "utf8")}` : "";
    await stop();
    throw new Error(`could not start a PostgreSQL test server with ${bin}: ${String(error)}${detail}`);
  }
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates (or empties) a database on the server, for one test file; returns its URL. */
export async function freshDatabase(url: string, database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  return withDatabase(url, database);
}

/** Drops databases made by {@link freshDatabase}. */
export async function dropDatabases(url: string, databases: readonly string[]): Promise<void> {
  if (databases.length === 0) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
