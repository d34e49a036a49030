/**
 * Disclosure and preservation on WhatsApp's wire, end to end: the body carries the data request, the
 * mock produces files, the status update becomes a `produced` event with the receipt, and the files
 * written to disk verify against it (and a changed byte does not).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupServer } from "msw/node";
import { ProductionMismatchError, type ReferralRequest, requestState } from "referral-kit";
import { toRequestEvents } from "referral-kit/adapter";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createPlatformMock, MOCK_CREDENTIALS, mockProductionFile } from "referral-kit/testing";
import { receiveProduction } from "referral-kit/verify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeDisclosure, makePreservation } from "../support/disclosure.js";
import { approved, evidence, submitted, withEvents } from "../support/requests.js";

const server = setupServer();
const mock = createPlatformMock("whatsapp", { noRecords: ["whatsapp:tel:+447946000009"] });
let root: string;
beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  server.use(...mock.handlers);
  root = mkdtempSync(join(tmpdir(), "rk-wa-disclosure-"));
});
afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => mock.reset());

const adapter = createWhatsAppAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.whatsapp });
const phone = (n: number) => `+4479460000${String(n).padStart(2, "0")}`;
const onWhatsApp = (n: number, categories: ("subscriber" | "traffic-or-non-content" | "content")[]) =>
  withEvents(
    makeDisclosure({
      platform: "whatsapp",
      targets: [
        {
          target: { type: "account", account: { kind: "phone", platform: "whatsapp", phone: phone(n) } },
          evidence: [evidence],
        },
      ],
      disclosure: {
        instrument: "mlat",
        instrumentReference: "MLAT/PK-US/2025/14",
        dataCategories: categories,
        accounts: [`whatsapp:tel:${phone(n)}`],
        period: { from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z" },
        statementOfReasons: "Identify who runs the number distributing the group's releases.",
        confidentiality: { doNotNotify: true, reason: "an ongoing investigation" },
      },
    }),
    approved,
    submitted,
  );
const submit = (request: ReferralRequest, key: string) =>
  adapter.submit({ request, targets: request.targets }, { idempotencyKey: key });

describe("WhatsApp disclosure and preservation", () => {
  it("sends the data request, and a production verified on disk becomes the produced event", async () => {
    const request = onWhatsApp(1, ["subscriber", "traffic-or-non-content"]);
    const receipt = await submit(request, "wa-disc:0");
    expect(mock.records.find((r) => r.operation === "submit")?.body).toMatchObject({
      type: "data_disclosure",
      data_request: {
        instrument: "mlat",
        instrument_reference: "MLAT/PK-US/2025/14",
        data_categories: ["subscriber", "non_content"],
        accounts: [`whatsapp:tel:${phone(1)}`],
        period: { from: "1735689600", to: "1738368000" },
        do_not_notify: { reason: "an ongoing investigation" },
      },
    });
    mock.force(receipt.platformRef, "enforced");
    const update = await adapter.getStatus({ platformRef: receipt.platformRef });
    const [event] = toRequestEvents(update, {
      kind: "disclose-data",
      current: requestState(request).status,
      by: { id: "adapter:whatsapp" },
      channel: "whatsapp-api",
    });
    expect(event?.type).toBe("produced");
    if (event?.type !== "produced") return;
    expect(event.receipt.files.map((f) => f.name)).toEqual([
      `${receipt.platformRef}-subscriber.json`,
      `${receipt.platformRef}-non_content.json`,
    ]);

    // The files arrive; written to disk, they must match what the platform declared.
    const directory = join(root, "production-1");
    mkdirSync(directory);
    for (const category of ["subscriber", "non_content"]) {
      writeFileSync(
        join(directory, `${receipt.platformRef}-${category}.json`),
        mockProductionFile(receipt.platformRef, category, [`whatsapp:tel:${phone(1)}`]).bytes,
      );
    }
    const received = await receiveProduction(request, {
      at: "2025-03-05T10:00:00Z",
      directory,
      receipt: { ...event.receipt, receivedBy: { id: "officer-12" }, hashesFrom: "agency" },
    });
    expect(received.type).toBe("produced");
    writeFileSync(join(directory, `${receipt.platformRef}-subscriber.json`), "tampered\n");
    const error = await receiveProduction(request, {
      at: "2025-03-05T10:00:00Z",
      directory,
      receipt: event.receipt,
    }).catch((e: unknown) => e);
    expect(ProductionMismatchError.isInstance(error)).toBe(true);
  });

  it("answers no_records for an account it holds nothing on, and refuses message content", async () => {
    const none = await submit(onWhatsApp(9, ["subscriber"]), "wa-none:0");
    mock.force(none.platformRef, "enforced");
    const update = await adapter.getStatus({ platformRef: none.platformRef });
    expect(update.disclosure).toEqual({ answer: "no-data" });

    const error = await submit(onWhatsApp(2, ["subscriber", "content"]), "wa-content:0").catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/end-to-end encrypted/);
    expect(mock.createdReferences()).toEqual([none.platformRef]);
  });

  it("sends the preservation's period and reads the end it confirms", async () => {
    const preservation = withEvents(
      makePreservation("eu-e-evidence", {
        platform: "whatsapp",
        targets: [
          {
            target: { type: "account", account: { kind: "phone", platform: "whatsapp", phone: phone(3) } },
            evidence: [evidence],
          },
        ],
      }),
      approved,
      submitted,
    );
    const receipt = await submit(preservation, "wa-pres:0");
    expect(mock.records.find((r) => r.operation === "submit")?.body).toMatchObject({
      type: "preservation",
      preservation: { preserve_for: { days: 60 }, basis: "EU e-Evidence: European Preservation Order" },
    });
    mock.force(receipt.platformRef, "enforced");
    const update = await adapter.getStatus({ platformRef: receipt.platformRef });
    expect(update.disclosure?.answer).toBe("preserved");
    expect(toRequestEvents(update, { kind: "preserve", current: "submitted" })).toMatchObject([
      { type: "preserved", preservedUntil: expect.any(String) },
    ]);
  });
});
