/**
 * Drafts an emergency disclosure, records the platform's production after verifying its hashes on disk,
 * and raises the alarm for a preservation about to end, against the Facebook mock in-process:
 * `npx tsx examples/disclosure/index.ts`. The demo (`npm run demo`) runs the same walkthrough against the
 * sandbox over HTTP.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setupServer } from "msw/node";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
import { disclosureWalkthrough } from "./walkthrough.js";

/** Runs the walkthrough against the in-process mock; returns what it printed. */
export async function runDisclosureExample(): Promise<string[]> {
  const mock = createPlatformMock("facebook", { startTime: "2026-01-05T08:00:00Z" });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: "error" });
  const directory = mkdtempSync(join(tmpdir(), "rk-disclosure-example-"));
  try {
    const adapter = createFacebookAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.facebook });
    return await disclosureWalkthrough({ adapter, mock, now: () => mock.now(), directory });
  } finally {
    server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await runDisclosureExample()) console.log(line);
}
