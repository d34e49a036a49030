/** `referral-kit disclosure`: the store's disclosure and preservation figures, with nothing personal printed. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReferralRequest } from "referral-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { makeDisclosure, makePreservation, receipt } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";
import { seedStore } from "../support/store.js";

const MARKERS = {
  file: "MARKER-PRODUCED-FILE.csv",
  reasons: "MARKER-STATEMENT-OF-REASONS",
  account: "marker_account_name",
  receiver: "MARKER-RECEIVER",
};

let root: string;
let store: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-disclosure-cli-"));
  store = join(root, "store");
  const disclosure = (id: string, overrides = {}) => ({
    ...makeDisclosure({
      targets: [
        {
          target: {
            type: "account",
            account: { kind: "username", platform: "x", username: MARKERS.account },
          },
          evidence: [
            {
              url: "https://evidence.example/1",
              capturedAt: "2025-03-01T08:00:00Z",
              contentHash: `sha256:${"ab".repeat(32)}`,
            },
          ],
        },
      ],
      disclosure: {
        instrument: "domestic-order",
        dataCategories: ["subscriber"],
        accounts: [`x:${MARKERS.account}`],
        statementOfReasons: MARKERS.reasons,
      },
      ...overrides,
    }),
    id,
  });
  const requests: ReferralRequest[] = [
    withEvents(disclosure("d-produced"), approved, submitted, {
      type: "produced",
      at: "2025-03-03T10:00:00Z",
      receipt: {
        ...receipt({ receivedBy: { id: "officer-12", name: MARKERS.receiver } }),
        files: [
          {
            name: MARKERS.file,
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            size: 4,
          },
        ],
        hashesFrom: "agency",
      },
    } as never),
    withEvents(disclosure("d-none"), approved, submitted, { type: "no-data", at: "2025-03-02T10:00:00Z" }),
    withEvents(disclosure("d-pending"), approved, submitted),
    {
      ...withEvents(makePreservation("eu-e-evidence"), approved, submitted, {
        type: "preserved",
        at: "2025-03-01T12:00:00Z",
      }),
      id: "p-1",
    },
  ];
  await seedStore(store, requests);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const disclosure = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(["disclosure", "--store", store, ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

describe("referral-kit disclosure", { timeout: 120_000 }, () => {
  it("prints the some-data share per platform and instrument, and the preservations that lapsed", async () => {
    const run = await disclosure("--as-of", "2025-06-01T00:00:00Z");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Data disclosure requests \(as of 2025-06-01T00:00:00.000Z\)/);
    // 3 requests: 1 produced, 1 no data, 1 pending: some data in 1 of 3.
    expect(run.stdout).toMatch(/x\s+domestic-order\s+3\s+1\s+0\s+1\s+0\s+1\s+33\.3%/);
    // e-Evidence: 60 days from submission (2025-03-01T10:00Z) have passed with no production request.
    expect(run.stdout).toMatch(/x\s+eu-e-evidence\s+1\s+0\s+1\s+100\.0%/);

    const json = await disclosure("--as-of", "2025-06-01T00:00:00Z", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({
      disclosureTotal: { disclosures: 3, produced: 1, noData: 1, pending: 1 },
      preservationTotal: { preservations: 1, lapsedBeforeProductionRequest: 1 },
    });
    for (const text of [run.stdout, json.stdout]) {
      for (const marker of Object.values(MARKERS)) expect(text).not.toContain(marker);
    }
  });

  it("keeps to --platform, and refuses a missing store", async () => {
    const run = await disclosure("--platform", "facebook", "--as-of", "2025-06-01T00:00:00Z", "--json");
    expect(JSON.parse(run.stdout)).toMatchObject({ disclosureTotal: { disclosures: 0 } });
    const missing = memoryIo({ cwd: root });
    expect(await runCli(["disclosure", "--store", join(root, "nowhere")], missing.io)).toBe(3);
  });
});
