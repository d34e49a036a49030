/**
 * X and TikTok take disclosures only by email or through a portal, so those channels must carry every
 * field of a disclosure or preservation: a field dropped from the email, its attachment or the packet
 * fails here by name.
 */
import type { ReferralRequest } from "referral-kit";
import type { SubmitInput } from "referral-kit/adapter";
import { createEmailAdapter, type MailTransport } from "referral-kit/adapters/email";

type OutgoingMail = Parameters<MailTransport["sendMail"]>[0];

import { createManualChannel, createMemoryPreparedStore } from "referral-kit/adapters/manual";
import { describe, expect, it } from "vitest";
import { PACKET_FIELDS } from "../../adapters/manual/packet.js";
import { makeDisclosure, makePreservation } from "../support/disclosure.js";
import { approved, evidence, supervisor, withEvents } from "../support/requests.js";

/** A disclosure with every optional field set, each value distinctive enough to find. */
function fullDisclosure(): ReferralRequest {
  return withEvents(
    makeDisclosure({
      priority: "emergency",
      deadline: "2025-03-01T18:00:00Z",
      disclosure: {
        instrument: "emergency-disclosure",
        instrumentReference: "EDR-2025-0117",
        dataCategories: ["subscriber", "traffic-or-non-content"],
        accounts: ["x:fictional_ttp_media"],
        period: { from: "2025-02-01T00:00:00Z", to: "2025-02-28T23:59:59Z" },
        statementOfReasons: "Identify who runs the account announcing the attack.\nSecond line of reasons.",
        confidentiality: {
          doNotNotify: true,
          reason: "notice would warn the attackers",
          until: "2025-09-01T00:00:00Z",
        },
        emergency: {
          harm: "death",
          justification: "A dated threat against a named school for 08:00 tomorrow.",
        },
      },
    }),
    { ...approved, by: supervisor },
  );
}

/** Each disclosure field and a string its rendering must contain. */
const DISCLOSURE_EXPECTED: Record<string, string[]> = {
  instrument: ["emergency-disclosure"],
  instrumentReference: ["EDR-2025-0117"],
  dataCategories: ["subscriber", "traffic-or-non-content"],
  accounts: ["x:fictional_ttp_media"],
  period: ["2025-02-01T00:00:00Z", "2025-02-28T23:59:59Z"],
  statementOfReasons: ["Identify who runs the account announcing the attack.", "Second line of reasons."],
  confidentiality: ["notice would warn the attackers", "2025-09-01T00:00:00Z"],
  emergency: ["death", "A dated threat against a named school for 08:00 tomorrow."],
};

/** A preservation under TikTok's published rule (90 days, at most 180), with its data and intended instrument. */
function fullPreservation(): ReferralRequest {
  return withEvents(
    makePreservation("tiktok-published", {
      platform: "tiktok",
      targets: [
        {
          target: {
            type: "account",
            account: { kind: "username", platform: "tiktok", username: "fictional.media" },
          },
          evidence: [evidence],
        },
      ],
      preservation: {
        rule: "tiktok-published",
        dataCategories: ["subscriber", "content"],
        intendedInstrument: "mlat",
      },
    }),
    { ...approved, by: supervisor },
  );
}

/** The attachment is for machines: where it states a field in other terms than the words, what it says. */
const IN_ATTACHMENT: Record<string, string[]> = {
  preservationPeriod: ['"period":{"days":90}', '"maximum":{"days":180}'],
};

const PRESERVATION_EXPECTED: Record<string, string[]> = {
  preservationRule: [
    "TikTok: published preservation period",
    "https://www.tiktok.com/legal/page/global/law-enforcement/en",
  ],
  preservationPeriod: ["90 days", "at most 180 days"],
  dataCategories: ["subscriber", "content"],
  intendedInstrument: ["mlat"],
};

/** A transport that keeps what it was given, and answers like a server that took it. */
function capturingTransport(): MailTransport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async sendMail(message) {
      sent.push(message);
      return {
        messageId: message.messageId,
        response: "250 2.0.0 OK",
        accepted: [...message.to],
        rejected: [],
      };
    },
    close() {},
  };
}

async function email(request: ReferralRequest): Promise<OutgoingMail> {
  const transport = capturingTransport();
  const adapter = createEmailAdapter({
    platform: request.platform,
    to: "lawenforcement@platform.example",
    from: "referrals@ctu.gov.example",
    transport,
  });
  const input: SubmitInput = { request, targets: request.targets };
  await adapter.submit(input, { idempotencyKey: `${request.id}:0` });
  return transport.sent[0]!;
}

async function packet(request: ReferralRequest) {
  const channel = createManualChannel({
    platform: request.platform,
    portal: { name: "Law enforcement portal (modelled)", url: "https://platform.example/le" },
    store: createMemoryPreparedStore(),
    now: () => Date.parse("2025-03-01T10:00:00Z"),
  });
  return channel.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
}

describe.each([
  ["a disclosure", fullDisclosure, DISCLOSURE_EXPECTED, "disclosure"],
  ["a preservation", fullPreservation, PRESERVATION_EXPECTED, "preservation"],
] as const)("the email and portal channels carry every field of %s", (_, make, expected, key) => {
  const fields = Object.entries(expected);

  it.each(fields)("the email's text, HTML and attachment carry %s", async (name, values) => {
    const mail = await email(make());
    for (const value of values) {
      expect(mail.text).toContain(value);
      expect(mail.html).toContain(value.replace(/'/g, "&#39;"));
    }
    const attachment = JSON.stringify(JSON.parse(mail.attachments[0]!.content));
    for (const value of IN_ATTACHMENT[name] ?? values) expect(attachment).toContain(value);
  });

  it.each(fields)(
    "the portal packet has the field %s, in its Markdown and HTML too",
    async (name, values) => {
      const prepared = await packet(make());
      const field = prepared.fields.find((f) => f.name === name);
      expect(field, name).toBeDefined();
      for (const value of values) {
        expect(field!.value).toContain(value);
        expect(prepared.markdown).toContain(value);
        expect(prepared.html).toContain(value.replace(/'/g, "&#39;"));
      }
    },
  );

  it(`lists the kind's fields in the attachment under request.${key}, and names them in PACKET_FIELDS`, async () => {
    const mail = await email(make());
    const json = JSON.parse(mail.attachments[0]!.content) as { request: Record<string, unknown> };
    expect(json.request[key]).toBeDefined();
    expect(json.request[key === "disclosure" ? "preservation" : "disclosure"]).toBeUndefined();
    for (const name of Object.keys(expected)) expect(PACKET_FIELDS).toContain(name);
  });
});

describe("the kind's fields, and only its own", () => {
  it("resolves a preset preservation rule for the platform, which does not know the preset ids", async () => {
    const json = JSON.parse((await email(fullPreservation())).attachments[0]!.content);
    expect(json.request.preservation).toEqual({
      rule: expect.objectContaining({ id: "tiktok-published", period: { days: 90 }, maximum: { days: 180 } }),
      dataCategories: ["subscriber", "content"],
      intendedInstrument: "mlat",
    });
  });

  it("shows an optional field the request leaves out as empty, not as another field's value", async () => {
    const request = withEvents(makeDisclosure(), { ...approved, by: supervisor });
    const prepared = await packet(request);
    const value = (name: string) => prepared.fields.find((f) => f.name === name)?.value;
    expect(value("period")).toBe("");
    expect(value("emergency")).toBe("");
    expect(value("confidentiality")).toBe("Not requested");
    expect(value("instrumentReference")).toBe("Order 17/2025");
    const mail = await email(request);
    expect(mail.text).toContain("Date range of the data: (none given)");
    expect(JSON.parse(mail.attachments[0]!.content).request.disclosure).not.toHaveProperty("period");
  });

  it("says a preservation without a deadline has none, in the email and the packet", async () => {
    const request = { ...fullPreservation(), deadline: undefined };
    const mail = await email(request);
    expect(mail.subject).not.toContain("deadline");
    expect(mail.text).toContain("Deadline: none (no time limit applies)");
    expect(JSON.parse(mail.attachments[0]!.content).request).not.toHaveProperty("deadline");
    const prepared = await packet(request);
    expect(prepared.fields.find((f) => f.name === "deadline")?.value).toBe("none: no time limit applies");
  });

  it("adds nothing to a removal request's email or packet", async () => {
    const request = withEvents(makeDisclosure({ kind: "suspend", disclosure: undefined }), {
      ...approved,
      by: supervisor,
    });
    const prepared = await packet(request);
    expect(prepared.fields.map((f) => f.name)).toEqual([
      "agency",
      "country",
      "contact",
      "requestType",
      "priority",
      "targets",
      "legalBasis",
      "designations",
      "deadline",
      "evidence",
      "reference",
    ]);
    const mail = await email(request);
    expect(mail.text).not.toContain("Disclosure requested");
    expect(JSON.parse(mail.attachments[0]!.content).request).not.toHaveProperty("disclosure");
  });

  it("keeps the evidence URL out of the disclosure email and packet, as for every kind", async () => {
    const request = fullDisclosure();
    const mail = await email(request);
    const prepared = await packet(request);
    for (const text of [
      mail.text,
      mail.html,
      mail.attachments[0]!.content,
      prepared.markdown,
      prepared.html,
    ]) {
      expect(text).not.toContain(evidence.url);
    }
  });
});
