import { toTime } from "../compliance/record.js";
import type { DisclosureOutcome } from "../domain/disclosure.js";
import { PRESERVATION_PRESETS } from "../domain/preservation-presets.js";
import type { DataCategory, DisclosureInstrument } from "../domain/schemas/disclosure.js";
import type { ReferralRequest, RequestKind } from "../domain/schemas/request.js";
import { platformName } from "../domain/targets/builtin-platforms.js";
import type { GroupRegistry } from "../registry/registry.js";
import { NotPublishableError } from "./errors.js";
import { evidenceHashes } from "./evidence.js";
import { type RequestFacts, requestFacts } from "./history.js";
import { publicTarget, type RedactionOptions } from "./public-target.js";

/**
 * A `GovernmentRequest` notice in the shape of Lumen's create-notice API (`POST /notices` with
 * `{ notice }`). Field names are Lumen's; docs/transparency.md says which values are modelled.
 *
 * @example
 * ```ts
 * const notice: LumenNotice = toLumenNotice(request).notice;
 * notice.type; // "GovernmentRequest"
 * ```
 */
export interface LumenNotice {
  title: string;
  type: "GovernmentRequest";
  subject: string;
  /** The explanation: kind, legal basis, designations, evidence hashes, outcome and challenges. */
  body: string;
  /** When the request was submitted. */
  date_sent: string;
  /** When the platform acknowledged it, if it did. */
  date_received?: string;
  /** How it was sent: `Email` or `Online Form`; left out for a platform API. */
  source?: string;
  /** Lumen's government request types: `Records Preservation` for preservation requests, else `Agency`. */
  request_type: "Agency" | "Records Preservation";
  /** Lumen's `Yes`, `No`, `Partial`; left out while the request is pending. */
  action_taken?: "Yes" | "No" | "Partial";
  /** ISO codes; a list, since Lumen's tag fields take a list or a comma-delimited string. */
  jurisdiction_list: string[];
  /** `instrument, section` of the legal basis; a list, because instrument names contain commas. */
  regulation_list: string[];
  tag_list: string[];
  language: string;
  /**
   * The items of the notice: a description and the URLs the request concerns (`infringing_urls_attributes`,
   * which Lumen shows as "URLs in request" for government requests).
   */
  works_attributes: { description: string; infringing_urls_attributes: { url: string }[] }[];
  /**
   * The parties and their roles: Lumen's roles include `sender`, `principal` (on whose behalf) and
   * `recipient`; `country_code` is ISO 3166 alpha-2, when known.
   */
  entity_notice_roles_attributes: {
    name: "sender" | "principal" | "recipient";
    entity_attributes: { name: string; kind: "organization" | "individual"; country_code?: string };
  }[];
}

type LumenEntityNoticeRole = LumenNotice["entity_notice_roles_attributes"][number];
type LumenEntity = LumenEntityNoticeRole["entity_attributes"];

/** Options of `toLumenNotice`. @internal */
export type LumenNoticeOptions = NonNullable<Parameters<typeof toLumenNotice>[1]>;

const KIND_TEXT: Readonly<Record<RequestKind, string>> = {
  suspend: "suspension of accounts",
  "remove-content": "removal of content",
  "restrict-locally": "restriction of access in the requesting country",
  preserve: "preservation of records",
  "disclose-data": "disclosure of data",
};

/**
 * One public notice for a submitted request, in Lumen's `GovernmentRequest` shape: sender, recipient,
 * date sent and received, jurisdictions, regulations, the public URLs of the targets and the action taken.
 * Personal data is minimised: account handles and phone numbers are redacted unless the options say
 * otherwise (phone numbers need their own opt-out), evidence appears only as sha256 hashes, and no note,
 * evidence URL, agency reference, contact or actor name is included. A disclosure or preservation notice
 * says the instrument, the categories of data, the answer and the preservation dates, and never names the
 * accounts (whatever the options), the statement of reasons, the justification, or what was produced.
 * Returns the body of a Lumen create-notice call, `{ notice }`, without the authentication token (add it
 * when sending).
 *
 * @throws {NotPublishableError} a request not submitted (by `asOf`; `reason` `not_submitted`), or a
 * disclosure the account holder must not be told of, while that lasts (`confidential`).
 * @throws {ValidationError}, {IllegalTransitionError}, {SafeguardError} an invalid request or history.
 *
 * @example
 * ```ts
 * import { toLumenNotice } from "referral-kit/transparency";
 *
 * const { notice } = toLumenNotice(request, { recipientName: "X Corp." });
 * console.log(notice.title, notice.action_taken, notice.works_attributes.length);
 * ```
 */
export function toLumenNotice(
  request: ReferralRequest,
  options: RedactionOptions & {
    /** Events at or after this time are ignored (the notice as it stood then). Default: every event. */
    asOf?: string | Date | number;
    /** The recipient's legal name. Default: the platform's display name. */
    recipientName?: string;
    /** On whose behalf the authority acted (Lumen's `principal`), e.g. a government. Left out by default. */
    principalName?: string;
    /** Names the groups in the explanation; without it, group ids are shown. */
    registry?: Pick<GroupRegistry, "has" | "get">;
    /** List the evidence hashes in the explanation. Default `true`. */
    includeEvidenceHashes?: boolean;
    /** Lumen `language` code. Default `en`. */
    language?: string;
  } = {},
): { notice: LumenNotice } {
  const before = options.asOf === undefined ? Number.POSITIVE_INFINITY : toTime(options.asOf);
  const facts = requestFacts(request, before);
  if (facts === null) throw new NotPublishableError({ requestId: request.id, reason: "not_submitted" });
  const content = facts.request;
  refuseWhileConfidential(content, before);
  const authority = content.issuingAuthority;
  const recipient = options.recipientName ?? platformName(content.platform);
  const kindText = KIND_TEXT[content.kind];

  const jurisdictions = [
    ...new Set(
      [content.legalBasis?.jurisdiction, authority.country].filter((code): code is string => Boolean(code)),
    ),
  ];
  const regulations = content.legalBasis
    ? [`${content.legalBasis.instrument}, ${content.legalBasis.section}`]
    : [];
  const groups = [...new Set(content.designations.map((designation) => designation.groupId))];

  const roles: LumenEntityNoticeRole[] = [
    {
      name: "sender",
      entity_attributes: organisation(
        authority.unit ? `${authority.name}, ${authority.unit}` : authority.name,
        authority.country,
      ),
    },
    { name: "recipient", entity_attributes: organisation(recipient, undefined) },
  ];
  if (options.principalName) {
    roles.push({
      name: "principal",
      entity_attributes: organisation(options.principalName, authority.country),
    });
  }

  const notice: LumenNotice = {
    title: `${content.issuingAuthority.name} request to ${recipient}: ${kindText}`,
    type: "GovernmentRequest",
    subject: `Government request for ${kindText} linked to proscribed organisations`,
    body: explanation(facts, options),
    date_sent: facts.submittedAt,
    request_type: content.kind === "preserve" ? "Records Preservation" : "Agency",
    jurisdiction_list: jurisdictions,
    regulation_list: regulations,
    tag_list: ["terrorism", content.kind, ...groups],
    language: options.language ?? "en",
    works_attributes: content.targets.map((entry) => {
      // Whose data is sought or kept is never public: naming the account would reveal the investigation.
      const item = publicTarget(entry.target, SENSITIVE_KINDS.has(content.kind) ? {} : options);
      return {
        description: item.redacted ? `${item.description} (identifier redacted)` : item.description,
        infringing_urls_attributes: item.url === null ? [] : [{ url: item.url }],
      };
    }),
    entity_notice_roles_attributes: roles,
  };
  if (facts.acknowledgedAt !== undefined) notice.date_received = facts.acknowledgedAt;
  const source = sourceOf(facts.channel);
  if (source !== undefined) notice.source = source;
  const action = actionTaken(facts);
  if (action !== undefined) notice.action_taken = action;
  return { notice };
}

function explanation(facts: RequestFacts, options: LumenNoticeOptions): string {
  const content = facts.request;
  const lines = [
    `Request: ${KIND_TEXT[content.kind]} (${content.targets.length} item${content.targets.length === 1 ? "" : "s"}).`,
  ];
  if (content.legalBasis) {
    const basis = content.legalBasis;
    lines.push(
      `Legal basis: ${basis.instrument}, ${basis.section}${basis.jurisdiction ? ` (${basis.jurisdiction})` : ""}.`,
    );
  }
  if (content.designations.length > 0) {
    const names = content.designations.map((designation) => {
      const group = options.registry?.has(designation.groupId)
        ? options.registry.get(designation.groupId).name
        : designation.groupId;
      const reference = designation.reference ? `, ${designation.reference}` : "";
      return `${group} (${designation.authority}${reference})`;
    });
    lines.push(`Designations relied on: ${names.join("; ")}.`);
  }
  if (options.includeEvidenceHashes ?? true) {
    const hashes = evidenceHashes(content);
    if (hashes.length > 0)
      lines.push(`Evidence retained by the sender, by SHA-256 hash: ${hashes.join(", ")}.`);
  }
  lines.push(...disclosureLines(facts));
  lines.push(`Items actioned: ${facts.actionedKeys.size} of ${facts.targetKeys.length}.`);
  for (const challenge of facts.challenges) {
    const who =
      challenge.appellant === "account-holder" ? "the account holder" : `the ${challenge.appellant}`;
    const outcome =
      challenge.outcome === "pending"
        ? "pending"
        : `${challenge.outcome === "upheld" ? "action upheld" : "reinstated"} on ${challenge.decidedAt}`;
    lines.push(`Challenged by ${who} on ${challenge.at}: ${outcome}.`);
  }
  return lines.join("\n");
}

function organisation(name: string, country: string | undefined): LumenEntity {
  return country ? { name, kind: "organization", country_code: country } : { name, kind: "organization" };
}

function sourceOf(channel: string | undefined): string | undefined {
  if (channel === "email") return "Email";
  if (channel === "portal") return "Online Form";
  return undefined;
}

function actionTaken(facts: RequestFacts): LumenNotice["action_taken"] {
  if (facts.disclosure) {
    const outcome = facts.disclosure.outcome;
    if (outcome === "pending") return undefined;
    return outcome === "produced" ? "Yes" : outcome === "partially-produced" ? "Partial" : "No";
  }
  // The state the public sees now: restored content is not acted on any more.
  if (facts.status === "reinstated") return "No";
  if (facts.outcome === "actioned" || facts.outcome === "partially-actioned") {
    // Counted by items, not by the lifecycle outcome: a dismissed challenge of a partial action ends in an
    // `actioned` event that still covers only the items actioned before.
    return facts.actionedKeys.size === facts.targetKeys.length ? "Yes" : "Partial";
  }
  if (facts.outcome === "rejected" || facts.outcome === "withdrawn") return "No";
  return undefined;
}

/** Kinds whose targets are never shown in a public notice, whatever the redaction options say. */
const SENSITIVE_KINDS: ReadonlySet<RequestKind> = new Set(["disclose-data", "preserve"]);

const INSTRUMENT_TEXT: Readonly<Record<DisclosureInstrument, string>> = {
  "domestic-order": "an order under the requesting country's law",
  mlat: "a mutual legal assistance request",
  "letter-rogatory": "a letter rogatory",
  "emergency-disclosure": "an emergency disclosure request (risk to life)",
  "european-production-order": "a European Production Order (Regulation (EU) 2023/1543)",
};

const CATEGORY_TEXT: Readonly<Record<DataCategory, string>> = {
  subscriber: "subscriber data",
  "traffic-or-non-content": "traffic or other non-content data",
  content: "content data",
};

const ANSWER_TEXT: Readonly<Record<DisclosureOutcome, string>> = {
  produced: "data produced",
  "partially-produced": "some data produced",
  "no-data": "the platform held no data",
  rejected: "refused",
  withdrawn: "withdrawn by the sender",
  pending: "awaiting the platform",
};

/**
 * What a notice says of a disclosure or a preservation: the instrument, the categories of data, the
 * answer, the preservation rule and dates. Never the accounts, the statement of reasons, the emergency
 * justification, the files produced or who received them.
 */
function disclosureLines(facts: RequestFacts): string[] {
  const { disclosure, preservation } = facts.request;
  const lines: string[] = [];
  if (disclosure) {
    lines.push(`Instrument: ${INSTRUMENT_TEXT[disclosure.instrument]}.`);
    lines.push(
      `Data sought: ${disclosure.dataCategories.map((category) => CATEGORY_TEXT[category]).join(", ")}.`,
    );
  }
  if (facts.disclosure) {
    const withheld = facts.disclosure.withheld;
    const detail =
      withheld.length > 0
        ? ` (not produced: ${withheld.map((category) => CATEGORY_TEXT[category]).join(", ")})`
        : "";
    lines.push(`Answer: ${ANSWER_TEXT[facts.disclosure.outcome]}${detail}.`);
  }
  if (preservation) {
    const rule =
      typeof preservation.rule === "string" ? PRESERVATION_PRESETS[preservation.rule] : preservation.rule;
    lines.push(`Preservation rule: ${rule.name} (${rule.source}).`);
  }
  const kept = facts.preservation;
  if (kept?.preservedAt !== undefined) {
    const until = kept.preservedUntil ? ` until ${kept.preservedUntil}` : "";
    const asked = kept.productionRequestedAt ? `; production requested on ${kept.productionRequestedAt}` : "";
    const lapsed = kept.lapsedAt
      ? `; the preservation ended on ${kept.lapsedAt} before production was requested`
      : "";
    lines.push(`Preserved from ${kept.preservedAt}${until}${asked}${lapsed}.`);
  }
  return lines;
}

/** A disclosure the account holder must not learn of gets no public notice while that lasts. */
function refuseWhileConfidential(content: ReferralRequest, before: number): void {
  const confidentiality = content.disclosure?.confidentiality;
  if (!confidentiality?.doNotNotify) return;
  const until = confidentiality.until;
  const now = Math.min(before, Date.now());
  if (until === undefined || Date.parse(until) > now)
    throw new NotPublishableError({ requestId: content.id, reason: "confidential", until });
}
