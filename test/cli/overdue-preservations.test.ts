/** `referral-kit overdue --store --within`: preservations about to end with no production requested. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ReferralRequest, type RequestEvent, targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { makeDisclosure, makePreservation } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";

const preserved = (at: string): RequestEvent => ({ type: "preserved", at });
let root: string;
let store: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-overdue-pres-"));
  store = join(root, "store");
  const opened = await openStore(store);
  try {
    const requests: ReferralRequest[] = [
      // e-Evidence: ends 2025-04-30T10:00Z.
      {
        ...withEvents(
          makePreservation("eu-e-evidence"),
          approved,
          submitted,
          preserved("2025-03-01T12:00:00Z"),
        ),
        id: "pres-soon",
      },
      // 18 U.S.C. § 2703(f): ends 2025-05-30T10:00Z.
      {
        ...withEvents(
          makePreservation("us-sca-2703f"),
          approved,
          submitted,
          preserved("2025-03-01T12:00:00Z"),
        ),
        id: "pres-later",
      },
      // Production requested: no alarm.
      {
        ...withEvents(
          makePreservation("eu-e-evidence"),
          approved,
          submitted,
          preserved("2025-03-01T12:00:00Z"),
          { type: "production-requested", at: "2025-03-20T00:00:00Z" },
        ),
        id: "pres-asked",
      },
      { ...withEvents(makeDisclosure(), approved, submitted), id: "disc-1" },
    ];
    await opened.saveRequests(
      requests.map((request) => ({ request, batches: [request.targets.map((t) => targetKey(t.target))] })),
      Date.now(),
    );
  } finally {
    await opened.close();
  }
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const overdue = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(["overdue", "--store", store, ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

// Each run opens the embedded store (PGlite), a few seconds apiece on a loaded machine.
describe("referral-kit overdue --store --within", { timeout: 120_000 }, () => {
  it("lists preservations ending within N days with no production requested, soonest first, and exits 1", async () => {
    const run = await overdue("--within", "10", "--as-of", "2025-04-25T10:00:00Z");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^1 preservation ending within 10 days with no production requested; 0 already ended/,
    );
    expect(run.stdout).toContain(
      "  pres-soon  x  eu-e-evidence  until 2025-04-30T10:00:00.000Z  5.0 days left",
    );
    expect(run.stdout).not.toMatch(/pres-later|pres-asked|disc-1/);
    expect(run.stdout).toContain("Extend the preservation or request production");
  });

  it("lists ended ones too, structures them with --json, and exits 0 when nothing is near", async () => {
    const json = await overdue("--within", "40", "--as-of", "2025-05-05T10:00:00Z", "--json");
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as {
      withinDays: number;
      preservations: { requestId: string; daysLeft: number }[];
    };
    expect(parsed.withinDays).toBe(40);
    expect(parsed.preservations.map((item) => [item.requestId, Math.round(item.daysLeft)])).toEqual([
      ["pres-soon", -5],
      ["pres-later", 25],
    ]);
    expect((await overdue("--within", "1", "--as-of", "2025-03-02T00:00:00Z")).code).toBe(0);
    expect((await overdue("--within", "-1")).code).toBe(2);
    expect((await overdue("--as-of", "2025-03-02T00:00:00Z")).code).toBe(2);
  });
});
