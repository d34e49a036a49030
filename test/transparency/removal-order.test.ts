import {
  buildRemovalOrder,
  RemovalOrderError,
  renderRemovalOrderHtml,
  renderRemovalOrderMarkdown,
} from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { evidenceHashes } from "../../src/transparency/evidence.js";
import { type RemovalOrderOptions, TCO_GROUNDS } from "../../src/transparency/removal-order.js";
import { PHONE, request, submitted } from "./fixtures.js";

const options: RemovalOrderOptions = {
  issuingMemberState: "Examplia (fictional)",
  addressee: {
    name: "Example Hosting Ltd (fictional)",
    legalRepresentative: "Example Rep GmbH (fictional)",
    contactPoint: "tco-contact@hosting.example",
    mainEstablishment: "Otherland (fictional)",
  },
  grounds: ["incitement", "participation"],
  additionalReasons: "Fictional recruitment material.",
  copySentTo: "Otherland Media Authority (fictional)",
  authority: {
    type: "law-enforcement",
    representative: "Officer Example",
    post: "Head of unit",
    email: "ctu@authority.example",
  },
  redress: {
    body: "Administrative Court of Examplia (fictional)",
    deadline: "2 months from receipt",
    provisions: "Fictional Procedure Act, s. 5",
  },
};

const contentRequest = () =>
  request("tco-1", {
    platform: "telegram",
    kind: "remove-content",
    targets: ["t.me/fictional_channel/11", "x.com/fict_handle_1/status/999"],
    events: [submitted("2025-03-01T10:00:00+01:00")],
  });

function orderError(run: () => unknown): RemovalOrderError {
  try {
    run();
  } catch (error) {
    if (RemovalOrderError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a RemovalOrderError");
}

describe("buildRemovalOrder", () => {
  it("fills Sections A to G in Annex I order, with exact URLs and the time of issue", () => {
    const input = contentRequest();
    const order = buildRemovalOrder(input, options);
    expect(order.sections.map((section) => section.id)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    expect(order.issuedAt).toBe("2025-03-01T09:00:00.000Z");
    expect(order.reference).toBe("REF-tco-1");
    expect(order.items).toEqual([
      { url: "https://t.me/fictional_channel/11", locator: "Telegram message, platform id 11" },
      {
        url: "https://x.com/fict_handle_1/status/999",
        locator: "X (formerly Twitter) post, platform id 999",
      },
    ]);
    const entries = Object.fromEntries(
      order.sections.flatMap((section) =>
        section.entries.map((entry) => [`${section.id}: ${entry.label}`, entry.values]),
      ),
    );
    expect(entries["A: Time and date of issuing of the removal order"]).toEqual(["2025-03-01T09:00:00.000Z"]);
    expect(entries["A: Addressee and, where relevant, legal representative"]).toEqual([
      "Example Hosting Ltd (fictional)",
      "Example Rep GmbH (fictional)",
    ]);
    expect(entries["B: Reasons for considering the material terrorist content (Art. 2(7))"]).toEqual([
      TCO_GROUNDS.incitement,
      TCO_GROUNDS.participation,
    ]);
    expect(entries["B: Evidence retained by the issuing authority (SHA-256 of each capture)"]).toEqual(
      evidenceHashes(input),
    );
    expect(entries["D: Copy of the removal order"]![0]).toContain("Otherland Media Authority");
    expect(entries["E: Type"]).toEqual(["Law enforcement authority"]);
    expect(entries["G: Competent body or court to contest the removal order"]).toEqual([
      "Administrative Court of Examplia (fictional)",
    ]);
    expect(entries["G: Deadline for contesting the removal order"]).toEqual(["2 months from receipt"]);
    expect(order.preamble[0]).toContain("within one hour of receipt");
    expect(order.preamble[0]).toContain("Art. 3(3)");
  });

  it("states a gag under Art. 11(3) in Section C when asked to", () => {
    const order = buildRemovalOrder(contentRequest(), { ...options, withholdInformation: { weeks: 6 } });
    const sectionC = order.sections.find((section) => section.id === "C")!;
    expect(sectionC.entries[0]!.values[0]).toContain("6 week(s) (Art. 11(3))");
  });

  it("lists every problem at once", () => {
    const suspension = request("tco-2", {
      targets: [`wa.me/${PHONE.slice(1)}`, "t.me/+PrivateInvite123"],
      platform: "whatsapp",
    });
    const error = orderError(() =>
      buildRemovalOrder(suspension, { ...options, grounds: [], redress: { body: "", deadline: "1 month" } }),
    );
    expect(error.code).toBe("invalid_removal_order");
    expect(error.problems).toEqual([
      "a removal order removes content; this is a suspend request",
      "target 1 is a phone-number account: private messaging is not dissemination to the public (Art. 2(3))",
      "no Art. 2(7) ground is given (Section B)",
      "no time of issue: give issuedAt or submit the request first",
      "redress.body is required",
    ]);
    expect(error.message).not.toContain(PHONE.slice(1));
  });

  it("accepts an explicit time of issue for a request not yet sent", () => {
    const draft = request("tco-3", { kind: "remove-content", targets: ["x.com/fict_handle_1/status/5"] });
    const order = buildRemovalOrder(draft, {
      ...options,
      issuedAt: "2025-04-01T08:30:00Z",
      reference: "ORDER-7",
    });
    expect(order).toMatchObject({ issuedAt: "2025-04-01T08:30:00.000Z", reference: "ORDER-7" });
    expect(orderError(() => buildRemovalOrder(draft, { ...options, issuedAt: "tomorrow" })).problems).toEqual(
      ["issuedAt is not an ISO 8601 time with a zone"],
    );
  });
});

describe("removal order rendering", () => {
  const hostile = {
    ...options,
    additionalReasons: `<script>alert("x")</script> & <img src=x onerror=alert(1)>`,
  };

  it("Markdown has the sections in order and escapes values", () => {
    const markdown = renderRemovalOrderMarkdown(buildRemovalOrder(contentRequest(), hostile));
    const headings = markdown.split("\n").filter((line) => line.startsWith("## "));
    expect(headings.map((line) => line.slice(0, 12))).toEqual([
      "## Section A",
      "## Section B",
      "## Section C",
      "## Section D",
      "## Section E",
      "## Section F",
      "## Section G",
    ]);
    expect(markdown).toContain("- https://t.me/fictional\\_channel/11 (Telegram message, platform id 11)");
    expect(markdown).not.toMatch(/<script|<img/);
  });

  it("HTML is self-contained, loads nothing and escapes every value", () => {
    const html = renderRemovalOrderHtml(buildRemovalOrder(contentRequest(), hostile));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/<script|<img|<a |<link|<iframe|url\(/i);
    expect(html).not.toMatch(/<[^>]+\s(src|href)=/i);
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;",
    );
    for (const id of ["A", "B", "C", "D", "E", "F", "G"])
      expect(html).toContain(`<section id="section-${id}">`);
    expect(html).toContain("<dd>https://t.me/fictional_channel/11 (Telegram message, platform id 11)</dd>");
  });
});
