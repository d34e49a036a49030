import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const urlFile = `${root}.tmp/pg/url`;

/**
 * The PostgreSQL server the store tests use: `REFERRAL_KIT_PG_URL`, or the one
 * `scripts/ci-setup-postgres.sh` started (its URL is in `.tmp/pg/url`). Outside CI the script is run
 * here (it is idempotent), so `npx vitest` works on a fresh machine; in CI a missing server is an error.
 * These tests never skip silently.
 */
export function postgresUrl(): string {
  const fromEnv = process.env.REFERRAL_KIT_PG_URL;
  if (fromEnv) return fromEnv;
  if (process.env.CI) {
    if (existsSync(urlFile)) return readFileSync(urlFile, "utf8").trim();
    throw new Error(
      "No PostgreSQL server for the store tests: set REFERRAL_KIT_PG_URL or run scripts/ci-setup-postgres.sh " +
        "before the tests (.ci/run does).",
    );
  }
  execFileSync("bash", [`${root}scripts/ci-setup-postgres.sh`], { stdio: "pipe" });
  return readFileSync(urlFile, "utf8").trim();
}
