/**
 * A platform's email reply to a disclosure request: its attachments are the production, hashed into a
 * receipt; "no data" and refusals are read conservatively; the reply's words and file names never enter
 * the history.
 */
import { createHash } from "node:crypto";
import { disclosureState, type RequestEvent, requestState } from "referral-kit";
import { type StatusUpdate, toRequestEvents } from "referral-kit/adapter";
import { readReplies } from "referral-kit/adapters/email";
import { describe, expect, it } from "vitest";
import { makeDisclosure } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";
import { DISCLOSURE_TOKEN, disclosureReply } from "./email-fixtures.js";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const SUBSCRIBER = Buffer.from(
  "username,created,email\nfictional_ttp_media,2024-01-01,someone@mail.example\n",
);
const LOGINS = Buffer.from("time,ip\n2025-02-01T10:00:00Z,192.0.2.1\n");
const files = [
  { filename: "Ayesha_Khan_subscriber.csv", type: "text/csv", content: SUBSCRIBER },
  { filename: "logins.txt", type: "text/plain", content: LOGINS },
];
const officer = { id: "officer-12" };
const TARGET = "x:fictional_ttp_media";
const sent = [{ messageId: "<rk.disc-1@ctu.gov.example>", reference: DISCLOSURE_TOKEN, targets: [TARGET] }];
const asDisclosure = { sent, kindOf: () => "disclose-data" as const };
const request = withEvents(makeDisclosure(), approved, submitted);

async function readOne(message: string, options: Parameters<typeof readReplies>[1] = asDisclosure) {
  const report = await readReplies([message], options);
  return report;
}
function eventsOf(update: StatusUpdate): RequestEvent[] {
  return toRequestEvents(update, {
    current: "submitted",
    by: officer,
    kind: "disclose-data",
    channel: "email",
  });
}

describe("email replies to a disclosure request", () => {
  it("turns a reply with attachments into a production whose receipt hashes the attachment bytes", async () => {
    const report = await readOne(
      disclosureReply(
        "p1@platform.example",
        "Please find attached the records responsive to your order.",
        files,
      ),
    );
    expect(report.review).toEqual([]);
    const { update } = report.updates[0]!;
    const events = eventsOf(update);
    expect(events).toEqual([
      {
        type: "produced",
        at: "2025-03-04T09:15:00.000Z",
        by: officer,
        note: expect.stringContaining("produced (email reply <p1@platform.example>)"),
        receipt: {
          receivedAt: "2025-03-04T09:15:00.000Z",
          receivedBy: officer,
          channel: "email",
          platformRef: DISCLOSURE_TOKEN,
          files: [
            {
              name: "attachment-1.csv",
              sha256: sha256(SUBSCRIBER),
              size: SUBSCRIBER.length,
              mediaType: "text/csv",
            },
            {
              name: "attachment-2.txt",
              sha256: sha256(LOGINS),
              size: LOGINS.length,
              mediaType: "text/plain",
            },
          ],
          hashesFrom: "agency",
        },
      },
    ]);
    const after = withEvents(request, ...events);
    expect(requestState(after).status).toBe("produced");
    expect(disclosureState(after)).toMatchObject({ outcome: "produced", firstProductionAt: events[0]!.at });
  });

  it("reads a production that names a withheld category as partial", async () => {
    const report = await readOne(
      disclosureReply(
        "p2@platform.example",
        "Subscriber records attached. Traffic data is withheld pending a court order.",
        files.slice(0, 1),
      ),
    );
    const events = eventsOf(report.updates[0]!.update);
    expect(events).toMatchObject([
      { type: "partially-produced", withheld: ["traffic-or-non-content"], receipt: { hashesFrom: "agency" } },
    ]);
    expect(requestState(withEvents(request, ...events)).status).toBe("partially-produced");
  });

  it("records no-data, and a refusal with its reason code, from replies without attachments", async () => {
    const none = await readOne(
      disclosureReply("p3@platform.example", "We do not hold any data for the account named in your order."),
    );
    expect(eventsOf(none.updates[0]!.update)).toMatchObject([
      { type: "no-data", platformRef: DISCLOSURE_TOKEN },
    ]);

    const refused = await readOne(
      disclosureReply(
        "p4@platform.example",
        "We cannot disclose account data without legal process. Please provide a valid court order.",
      ),
    );
    const events = eventsOf(refused.updates[0]!.update);
    expect(events).toMatchObject([
      { type: "rejected", outcomes: [{ target: TARGET, reasonCode: "legal-process-required" }] },
    ]);
    expect(disclosureState(withEvents(request, ...events)).reasonCodes).toEqual(["legal-process-required"]);
  });

  it("leaves ambiguous replies for a person: files with 'no data' or a refusal, 'partial' naming nothing, an action without files", async () => {
    const messages = [
      disclosureReply("a1@platform.example", "No records were found. The attached letter explains.", files),
      disclosureReply("a2@platform.example", "We have declined part of this request; see attached.", files),
      disclosureReply("a3@platform.example", "Attached is a partial production.", files),
      disclosureReply("a4@platform.example", "RK-STATUS: actioned"),
    ];
    const report = await readReplies(messages, asDisclosure);
    expect(report.updates).toEqual([]);
    expect(report.review.map((item) => item.why)).toEqual([
      "unclassified",
      "unclassified",
      "unclassified",
      "unclassified",
    ]);
  });

  it("keeps the reply's words and the platform's file names out of the update and the events", async () => {
    const planted = ["Ayesha", "Khan", "someone@mail.example", "192.0.2.1", "responsive"];
    const report = await readOne(
      disclosureReply("p5@platform.example", "Records for Ayesha Khan are attached as requested.", files),
    );
    const { update } = report.updates[0]!;
    const events = eventsOf(update);
    for (const text of planted) {
      expect(JSON.stringify(events)).not.toContain(text);
      expect(JSON.stringify({ ...update, raw: undefined })).not.toContain(text);
    }
  });

  it("reads a reply to a removal, or one whose kind is not known, as before: attachments are no production", async () => {
    const message = disclosureReply("r1@platform.example", "The account has been suspended.", files);
    for (const options of [{ sent }, { sent, kindOf: () => "suspend" as const }]) {
      const { update } = (await readReplies([message], options)).updates[0]!;
      expect(update).toMatchObject({ outcome: "actioned" });
      expect(update.disclosure).toBeUndefined();
    }
  });
});
