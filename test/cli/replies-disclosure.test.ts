/**
 * `referral-kit replies --apply` on replies to disclosure requests: a reply with attachments is recorded as
 * a production whose receipt hashes the attached bytes, received by --actor through email; "no data" is
 * no-data; nothing of the reply's words or the platform's file names reaches the store.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { disclosureState } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { disclosureReply } from "../channels/email-fixtures.js";
import { memoryIo } from "../support/cli-io.js";
import { makeDisclosure } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";
import { seedStore } from "../support/store.js";

const RECORDS = Buffer.from("username,phone\nfictional_ttp_media,+92 300 1234567\n");
const PLANTED = ["Ayesha", "Khan", "1234567"];

let root: string;
let store: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-replies-disclosure-"));
  store = join(root, "store");
  await seedStore(
    store,
    ["disc-1", "disc-2"].map((id) =>
      withEvents(makeDisclosure({ id }), approved, { type: "submitted", at: submitted.at, channel: "email" }),
    ),
  );
  writeFileSync(
    join(root, "produced.eml"),
    disclosureReply("d1@platform.example", "Records for Ayesha Khan attached, as ordered.", [
      { filename: "Ayesha_Khan.csv", type: "text/csv", content: RECORDS },
    ]),
  );
  writeFileSync(
    join(root, "no-data.eml"),
    disclosureReply("d2@platform.example", "We do not hold any data for the account of Ayesha Khan.").replace(
      "RK-disc-1-",
      "RK-disc-2-",
    ),
  );
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function histories() {
  const opened = await openStore(store);
  try {
    return {
      produced: (await opened.getRequest("disc-1"))!,
      none: (await opened.getRequest("disc-2"))!,
    };
  } finally {
    await opened.close();
  }
}

describe("referral-kit replies --apply: replies to disclosure requests", () => {
  it("records a production with its receipt and a no-data answer, once, without the reply's words", async () => {
    const run = memoryIo({ cwd: root });
    const argv = [
      "replies",
      "produced.eml",
      "no-data.eml",
      "--store",
      store,
      "--apply",
      "--actor",
      "officer-12",
    ];
    expect(await runCli([...argv, "--json"], run.io)).toBe(0);
    expect(JSON.parse(run.stdout()).updates).toMatchObject([
      { requestId: "disc-1", result: "appended", events: ["produced"] },
      { requestId: "disc-2", result: "appended", events: ["no-data"] },
    ]);
    const { produced, none } = await histories();
    expect(produced.events.at(-1)).toMatchObject({
      type: "produced",
      at: "2025-03-04T09:15:00.000Z",
      receipt: {
        receivedAt: "2025-03-04T09:15:00.000Z",
        receivedBy: { id: "officer-12" },
        channel: "email",
        hashesFrom: "agency",
        files: [
          {
            name: "attachment-1.csv",
            sha256: createHash("sha256").update(RECORDS).digest("hex"),
            size: RECORDS.length,
          },
        ],
      },
    });
    expect(disclosureState(produced).outcome).toBe("produced");
    expect(none.events.at(-1)).toMatchObject({
      type: "no-data",
      note: expect.stringContaining("d2@platform.example"),
    });
    for (const text of PLANTED) {
      expect(JSON.stringify([produced.events, none.events])).not.toContain(text);
      expect(run.stdout()).not.toContain(text);
    }

    const again = memoryIo({ cwd: root });
    expect(await runCli([...argv, "--json"], again.io)).toBe(0);
    expect(JSON.parse(again.stdout()).updates.map((u: { result: string }) => u.result)).toEqual([
      "skipped",
      "skipped",
    ]);
    expect((await histories()).produced.events).toHaveLength(produced.events.length);
  }, 90_000);
});
