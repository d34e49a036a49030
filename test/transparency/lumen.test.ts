import { parseTarget } from "referral-kit";
import { createRegistry, knownGroups } from "referral-kit/registry";
import { NotPublishableError, toLumenNotice } from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { evidenceHashes } from "../../src/transparency/evidence.js";
import { publicTarget } from "../../src/transparency/public-target.js";
import { fixture, PHONE, request, submitted } from "./fixtures.js";

const byId = (id: string) => fixture().find((input) => input.id === id)!;

describe("toLumenNotice", () => {
  it("fills Lumen's GovernmentRequest fields from the request", () => {
    const r3 = byId("r3");
    const { notice } = toLumenNotice(r3, {
      registry: createRegistry(knownGroups),
      principalName: "Government of Examplestan",
    });
    expect(notice).toMatchObject({
      type: "GovernmentRequest",
      title: "Fictional Counter-Terrorism Unit request to Telegram: removal of content",
      date_sent: "2025-03-01T10:00:00Z",
      date_received: "2025-03-01T12:00:00Z",
      source: "Email",
      request_type: "Agency",
      action_taken: "No",
      jurisdiction_list: ["PK"],
      regulation_list: ["Fictional Online Harms Act 2024, s. 12"],
      tag_list: ["terrorism", "remove-content", "ttp"],
      language: "en",
    });
    expect(notice.entity_notice_roles_attributes).toEqual([
      {
        name: "sender",
        entity_attributes: {
          name: "Fictional Counter-Terrorism Unit",
          kind: "organization",
          country_code: "PK",
        },
      },
      { name: "recipient", entity_attributes: { name: "Telegram", kind: "organization" } },
      {
        name: "principal",
        entity_attributes: { name: "Government of Examplestan", kind: "organization", country_code: "PK" },
      },
    ]);
    expect(notice.body).toContain("Legal basis: Fictional Online Harms Act 2024, s. 12 (PK).");
    expect(notice.body).toContain(
      `Designations relied on: ${createRegistry(knownGroups).get("ttp").name} (un-1267).`,
    );
    expect(notice.body).toContain("Items actioned: 2 of 3.");
    expect(notice.body).toContain(
      "Challenged by the platform on 2025-03-05T10:00:00Z: reinstated on 2025-03-06T10:00:00Z.",
    );
    for (const digest of evidenceHashes(r3)) expect(notice.body).toContain(digest);
  });

  it("maps the outcome to Lumen's action_taken (Yes, Partial, No, or none while pending)", () => {
    expect(toLumenNotice(byId("r1")).notice.action_taken).toBe("Yes");
    expect(toLumenNotice(byId("r2")).notice.action_taken).toBe("No");
    expect(toLumenNotice(byId("r4")).notice.action_taken).toBeUndefined();
    expect(toLumenNotice(byId("r9")).notice.action_taken).toBe("No");
    expect(toLumenNotice(byId("r3"), { asOf: "2025-03-04T00:00:00Z" }).notice.action_taken).toBe("Partial");
    expect(toLumenNotice(byId("r1"), { asOf: "2025-01-11T00:00:00Z" }).notice.action_taken).toBeUndefined();
    const preserve = request("p1", {
      kind: "preserve",
      events: [submitted("2025-02-01T00:00:00Z", "portal")],
    });
    expect(toLumenNotice(preserve).notice).toMatchObject({
      request_type: "Records Preservation",
      source: "Online Form",
    });
    expect(toLumenNotice(byId("r1")).notice.source).toBeUndefined();
  });

  it("redacts handles and phone numbers by default, and each can be opted out of", () => {
    const r1 = toLumenNotice(byId("r1")).notice;
    expect(r1.works_attributes).toEqual([
      { description: "X (formerly Twitter) account (identifier redacted)", infringing_urls_attributes: [] },
      { description: "X (formerly Twitter) account (identifier redacted)", infringing_urls_attributes: [] },
    ]);
    expect(JSON.stringify(r1)).not.toContain("fict_handle");

    const shown = toLumenNotice(byId("r1"), { redactHandles: false }).notice;
    expect(shown.works_attributes[0]).toEqual({
      description: "X (formerly Twitter) account",
      infringing_urls_attributes: [{ url: "https://x.com/fict_handle_1" }],
    });

    const digits = PHONE.slice(1);
    expect(JSON.stringify(toLumenNotice(byId("r4"), { redactHandles: false }))).not.toContain(digits);
    expect(
      toLumenNotice(byId("r4"), { redactHandles: false, redactPhoneNumbers: false }).notice
        .works_attributes[0],
    ).toEqual({
      description: "WhatsApp account",
      infringing_urls_attributes: [{ url: `https://wa.me/${digits}` }],
    });
  });

  it("can leave the evidence hashes out", () => {
    const body = toLumenNotice(byId("r1"), { includeEvidenceHashes: false }).notice.body;
    expect(body).not.toContain("sha256:");
  });

  it("refuses a request that was not submitted", () => {
    try {
      toLumenNotice(byId("r7"));
      expect.unreachable();
    } catch (error) {
      expect(NotPublishableError.isInstance(error)).toBe(true);
      expect((error as NotPublishableError).code).toBe("not_submitted");
    }
  });
});

describe("publicTarget", () => {
  it("uses the account-free link of content when the handle is redacted", () => {
    expect(publicTarget(parseTarget("x.com/fict_handle_1/status/123"))).toEqual({
      description: "X (formerly Twitter) post",
      url: "https://x.com/i/web/status/123",
      redacted: true,
    });
    expect(publicTarget(parseTarget("t.me/fictional_channel/7"))).toEqual({
      description: "Telegram message",
      url: null,
      redacted: true,
    });
    expect(publicTarget(parseTarget("instagram.com/p/Cabc123"))).toEqual({
      description: "Instagram post",
      url: "https://www.instagram.com/p/Cabc123/",
      redacted: false,
    });
    expect(publicTarget(parseTarget("t.me/fictional_channel/7"), { redactHandles: false }).url).toBe(
      "https://t.me/fictional_channel/7",
    );
  });
});
