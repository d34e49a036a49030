import { toTime } from "../compliance/record.js";
import { ReferralRequest, type RequestContent } from "../domain/schemas/request.js";
import { platformName } from "../domain/targets/builtin-platforms.js";
import { canonicalUrl } from "../domain/targets/canonical-url.js";
import { validate } from "../domain/validate.js";
import { RemovalOrderError } from "./errors.js";
import { evidenceHashes } from "./evidence.js";
import { requestFacts } from "./history.js";

/**
 * The grounds of point (7) of Article 2 of Regulation (EU) 2021/784 on which material is terrorist content,
 * points (a) to (e) (incitement, solicitation to commit, solicitation to participate in a terrorist group,
 * instruction, threat), each with its text, shortened; the point is given so the reader can check the
 * source. A removal order's `grounds` are its keys.
 *
 * @example
 * ```ts
 * TCO_GROUNDS.threat; // "Art. 2(7)(e): constitutes a threat to commit ..."
 * ```
 */
export const TCO_GROUNDS: Readonly<
  Record<"incitement" | "solicitation" | "participation" | "instruction" | "threat", string>
> = Object.freeze({
  incitement:
    "Art. 2(7)(a): incites the commission of a terrorist offence (Art. 3(1)(a) to (i) of Directive (EU) 2017/541), for example by glorifying terrorist acts",
  solicitation:
    "Art. 2(7)(b): solicits a person or group to commit or contribute to the commission of a terrorist offence",
  participation:
    "Art. 2(7)(c): solicits a person or group to participate in the activities of a terrorist group (Art. 4(b) of Directive (EU) 2017/541)",
  instruction:
    "Art. 2(7)(d): provides instruction on making or using explosives, firearms, other weapons or noxious or hazardous substances, or other methods, for committing a terrorist offence",
  threat: "Art. 2(7)(e): constitutes a threat to commit a terrorist offence",
});

/** Options of `buildRemovalOrder`. @internal */
export type RemovalOrderOptions = Parameters<typeof buildRemovalOrder>[1];

/**
 * An EU TCO removal order built from a request: the structured sections, ready for
 * {@link renderRemovalOrderMarkdown} and {@link renderRemovalOrderHtml}.
 *
 * @example
 * ```ts
 * const order: RemovalOrder = buildRemovalOrder(request, options);
 * order.items.map((item) => item.url);
 * ```
 */
export interface RemovalOrder {
  requestId: string;
  reference: string;
  /** Time of issue (UTC, ISO 8601). */
  issuedAt: string;
  /** The content to remove or disable: exact URL and locating information. */
  items: { url: string; locator: string }[];
  /** The statements that open Annex I (one hour, preservation, language). */
  preamble: string[];
  /**
   * The sections of the order (`A` to `G`, following Annex I), each entry a label and one or more values
   * (several for lists such as URLs).
   */
  sections: {
    id: "A" | "B" | "C" | "D" | "E" | "F" | "G";
    title: string;
    entries: { label: string; values: string[] }[];
  }[];
}

type RemovalOrderSection = RemovalOrder["sections"][number];
type RemovalOrderEntry = RemovalOrderSection["entries"][number];

const AUTHORITY_TYPES: Readonly<Record<RemovalOrderOptions["authority"]["type"], string>> = {
  judge: "Judge, court, or investigating judge",
  prosecutor: "Prosecutor",
  "law-enforcement": "Law enforcement authority",
  other: "Other competent authority",
};

/**
 * Builds an EU TCO removal order (Regulation (EU) 2021/784, Art. 3 and Annex I) from a `remove-content`
 * request. Each item gets its exact canonical URL (the order is addressed to the provider, so URLs are not
 * redacted) and locating information; evidence appears only by hash; request notes, evidence URLs and
 * actor names are never copied in. Every problem is reported at once.
 *
 * @throws {RemovalOrderError} not a `remove-content` request, a target without an exact URL, a
 * phone-number account (private messaging is outside the Regulation, which covers dissemination to the
 * public), no grounds, no issue time, or a missing addressee or redress field.
 * @throws {ValidationError}, {IllegalTransitionError}, {SafeguardError} an invalid request or history.
 *
 * @example
 * ```ts
 * import { buildRemovalOrder, renderRemovalOrderHtml } from "referral-kit/transparency";
 *
 * const order = buildRemovalOrder(request, options);
 * writeFileSync(`${order.reference}.html`, renderRemovalOrderHtml(order));
 * ```
 */
export function buildRemovalOrder(
  request: ReferralRequest,
  options: {
    /** Section A: Member State of the issuing competent authority. */
    issuingMemberState: string;
    /** Section A: the hosting service provider and where it is established. */
    addressee: {
      name: string;
      legalRepresentative?: string;
      contactPoint: string;
      /** Member State of its main establishment or of its legal representative. */
      mainEstablishment: string;
    };
    /** Time of issue, ISO 8601 with a zone. Default: the request's submitted event. */
    issuedAt?: string;
    /** Reference number of the order. Default: the request's own reference, else its id. */
    reference?: string;
    /** Section B: the Art. 2(7) grounds; at least one. */
    grounds: readonly (keyof typeof TCO_GROUNDS)[];
    /** Section B: further reasons in words. Written for the order: request notes are never copied in. */
    additionalReasons?: string;
    /** Section C: the addressee must not inform the content provider (Art. 11(3)), for this many weeks. */
    withholdInformation?: { weeks: number };
    /** Section D: the copy sent to the competent authority of the Member State of main establishment. */
    copySentTo?: string;
    /** Section E: details of the issuing authority beyond its name (taken from the request). */
    authority: {
      type: "judge" | "prosecutor" | "law-enforcement" | "other";
      /** The kind of authority, when `type` is `other`. */
      otherType?: string;
      representative?: string;
      post?: string;
      address?: string;
      telephone?: string;
      email?: string;
    };
    /** Section F: where the addressee reports back. Default: the issuing authority's contact. */
    followUpContact?: string;
    /** Section G: redress. */
    redress: {
      /** The competent body or court to contest the order. */
      body: string;
      /** The deadline for contesting it, e.g. "2 months from receipt". */
      deadline: string;
      /** The national provisions, e.g. a link to them. */
      provisions?: string;
    };
  },
): RemovalOrder {
  const facts = requestFacts(request);
  // An order may be drawn up before the request is sent: then only the content is checked.
  const content = facts?.request ?? validate(ReferralRequest, request, "Request");
  const problems: string[] = [];
  if (content.kind !== "remove-content") {
    problems.push(`a removal order removes content; this is a ${content.kind} request`);
  }
  const items = orderItems(content, problems);
  const issuedAt = options.issuedAt ?? facts?.submittedAt;
  problems.push(...optionProblems(options, issuedAt));
  if (problems.length > 0) throw new RemovalOrderError(content.id, problems);

  const issued = new Date(toTime(issuedAt!)).toISOString();
  const reference = options.reference ?? content.reference ?? content.id;
  return {
    requestId: content.id,
    reference,
    issuedAt: issued,
    items,
    preamble: [
      "Pursuant to Article 3 of Regulation (EU) 2021/784, the addressee shall remove the terrorist content or disable access to it in all Member States as soon as possible and in any event within one hour of receipt of this removal order (Art. 3(3)).",
      "Pursuant to Article 6, the addressee shall preserve the removed content and related data for six months, or longer on request of the competent authorities or courts.",
      "Pursuant to Article 15(2), this order is sent in a language the addressee has designated.",
    ],
    sections: orderSections(content, options, { items, issued, reference }),
  };
}

/** The exact URL of each target (Art. 3(4)(c)); what cannot be in an order goes to `problems`. */
function orderItems(content: RequestContent, problems: string[]): RemovalOrder["items"] {
  const items: RemovalOrder["items"] = [];
  content.targets.forEach((entry, index) => {
    const target = entry.target;
    if (target.account?.kind === "phone") {
      problems.push(
        `target ${index + 1} is a phone-number account: private messaging is not dissemination to the public (Art. 2(3))`,
      );
      return;
    }
    const url = canonicalUrl(target);
    if (url === undefined) {
      problems.push(`target ${index + 1} has no exact URL (Art. 3(4)(c) requires one)`);
      return;
    }
    const platform = platformName(target.type === "account" ? target.account.platform : target.platform);
    items.push({
      url,
      locator:
        target.type === "account"
          ? `${platform} account; the account and everything it publishes`
          : `${platform} ${target.kind}, platform id ${target.id}`,
    });
  });
  return items;
}

/** What the options lack for an order the form accepts. */
function optionProblems(options: RemovalOrderOptions, issuedAt: string | undefined): string[] {
  const problems: string[] = [];
  if (options.grounds.length === 0) problems.push("no Art. 2(7) ground is given (Section B)");
  if (issuedAt === undefined) problems.push("no time of issue: give issuedAt or submit the request first");
  else if (!isTime(issuedAt)) problems.push("issuedAt is not an ISO 8601 time with a zone");
  for (const [name, value] of [
    ["issuingMemberState", options.issuingMemberState],
    ["addressee.name", options.addressee?.name],
    ["addressee.contactPoint", options.addressee?.contactPoint],
    ["addressee.mainEstablishment", options.addressee?.mainEstablishment],
    ["redress.body", options.redress?.body],
    ["redress.deadline", options.redress?.deadline],
  ] as const) {
    if (typeof value !== "string" || value.trim() === "") problems.push(`${name} is required`);
  }
  if (options.withholdInformation && !(options.withholdInformation.weeks > 0)) {
    problems.push("withholdInformation.weeks must be a positive number (Art. 11(3))");
  }
  return problems;
}

const entry = (label: string, ...values: (string | undefined)[]): RemovalOrderEntry => ({
  label,
  values: values.filter((value): value is string => value !== undefined && value !== ""),
});
const withValues = (entries: RemovalOrderEntry[]) => entries.filter((item) => item.values.length > 0);

/** Sections A to G of the form in Annex I of Regulation (EU) 2021/784, filled in. */
function orderSections(
  content: RequestContent,
  options: RemovalOrderOptions,
  { items, issued, reference }: { items: RemovalOrder["items"]; issued: string; reference: string },
): RemovalOrderSection[] {
  const authority = content.issuingAuthority;
  const hashes = evidenceHashes(content);
  return [
    {
      id: "A",
      title: "Issuing authority, addressee, time and reference",
      entries: withValues([
        entry("Member State of the issuing competent authority", options.issuingMemberState),
        entry(
          "Addressee and, where relevant, legal representative",
          options.addressee.name,
          options.addressee.legalRepresentative,
        ),
        entry("Contact point", options.addressee.contactPoint),
        entry(
          "Member State of the main establishment or of the legal representative",
          options.addressee.mainEstablishment,
        ),
        entry("Time and date of issuing of the removal order", issued),
        entry("Reference number of the removal order", reference),
      ]),
    },
    {
      id: "B",
      title:
        "Terrorist content to be removed or access to which is to be disabled in all Member States as soon as possible and in any event within one hour of receipt",
      entries: withValues([
        entry(
          "URL and additional information enabling the identification and exact location of the content",
          ...items.map((item) => `${item.url} (${item.locator})`),
        ),
        entry(
          "Reasons for considering the material terrorist content (Art. 2(7))",
          ...options.grounds.map((ground) => TCO_GROUNDS[ground]),
        ),
        entry("Additional information on the reasons", options.additionalReasons),
        entry("Evidence retained by the issuing authority (SHA-256 of each capture)", ...hashes),
      ]),
    },
    {
      id: "C",
      title: "Information to the content provider",
      entries: [
        options.withholdInformation
          ? entry(
              "Disclosure",
              `For reasons of public security, the addressee must not inform the content provider of the removal or disabling for ${options.withholdInformation.weeks} week(s) (Art. 11(3)).`,
            )
          : entry(
              "Disclosure",
              "The addressee informs the content provider of the removal or disabling and of the reasons (Art. 11(1) and (2)); see Section G for how to contest the order.",
            ),
      ],
    },
    {
      id: "D",
      title: "Information to the competent authority of the Member State of main establishment",
      entries: [
        options.copySentTo
          ? entry(
              "Copy of the removal order",
              `The main establishment is in another Member State; a copy is sent to ${options.copySentTo} (Art. 4(1)).`,
            )
          : entry("Copy of the removal order", "No copy is sent to another Member State's authority."),
      ],
    },
    {
      id: "E",
      title: "Details of the issuing competent authority",
      entries: withValues([
        entry(
          "Type",
          options.authority.type === "other" && options.authority.otherType
            ? `${AUTHORITY_TYPES.other}: ${options.authority.otherType}`
            : AUTHORITY_TYPES[options.authority.type],
        ),
        entry(
          "Name of the issuing authority",
          authority.unit ? `${authority.name}, ${authority.unit}` : authority.name,
        ),
        entry("Name of its representative", options.authority.representative),
        entry("Post held", options.authority.post),
        entry("File reference", reference),
        entry("Address", options.authority.address),
        entry("Telephone", options.authority.telephone),
        entry("Email", options.authority.email),
        entry("Date", issued.slice(0, 10)),
      ]),
    },
    {
      id: "F",
      title: "Contact details for follow-up",
      entries: withValues([
        entry(
          "Where the issuing authority receives feedback on the time of removal or gives clarification",
          options.followUpContact ?? authority.contact ?? options.authority.email,
        ),
      ]),
    },
    {
      id: "G",
      title: "Information about redress",
      entries: withValues([
        entry("Competent body or court to contest the removal order", options.redress.body),
        entry("Deadline for contesting the removal order", options.redress.deadline),
        entry("Provisions of national law", options.redress.provisions),
      ]),
    },
  ];
}

function isTime(value: string): boolean {
  try {
    toTime(value);
    return true;
  } catch {
    return false;
  }
}
