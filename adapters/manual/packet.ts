/**
 * The submission packet: the platform's web form, filled from the request, for a person to copy into the
 * portal. The same fields as Markdown (to read), HTML (to print or open beside the portal) and JSON (for
 * tools). Evidence appears by hash and capture time only.
 */

import { canonicalUrl, platformName, targetKey } from "referral-kit";
import type { SubmitInput } from "referral-kit/adapter";
import { DISCLOSURE_DETAIL_NAMES, type KindDetailName, kindDetails } from "../_channels/kind-details.js";

/** The fields every packet holds before the kind's own, in form order. */
const LEADING_FIELDS = [
  "agency",
  "country",
  "contact",
  "requestType",
  "priority",
  "targets",
  "legalBasis",
  "designations",
] as const;

/** The fields every packet holds after the kind's own. */
const TRAILING_FIELDS = ["deadline", "evidence", "reference"] as const;

/**
 * The fields a packet may hold, in form order (the names `SubmissionPacket["fields"]` spells out).
 */
export const PACKET_FIELDS = [
  ...LEADING_FIELDS,
  ...DISCLOSURE_DETAIL_NAMES,
  // The preservation's own fields (its `dataCategories` is the disclosure's, above).
  "preservationRule",
  "preservationPeriod",
  "intendedInstrument",
  ...TRAILING_FIELDS,
] as const satisfies readonly PacketFieldName[];

/** The name of a packet field. */
type PacketFieldName = SubmissionPacket["fields"][number]["name"];

// The public type spells the names out; this fails to compile when it and the list disagree.
const everyFieldListed: Exclude<PacketFieldName, (typeof PACKET_FIELDS)[number]> extends never
  ? true
  : never = true;
void everyFieldListed;

/** The fields every packet holds, whatever its kind. */
type CommonFieldName = Exclude<PacketFieldName, KindDetailName>;

const DEFAULT_LABELS: Record<CommonFieldName, string> = {
  agency: "Requesting agency",
  country: "Country",
  contact: "Contact",
  requestType: "Type of request",
  priority: "Priority",
  targets: "Accounts or content (one link per line)",
  legalBasis: "Legal basis",
  designations: "Designation relied on",
  deadline: "Requested completion by",
  evidence: "Evidence (held by the agency; SHA-256 hashes)",
  reference: "Agency reference",
};

/**
 * A platform's portal: where the form is, and its own labels for the fields (so the packet reads like
 * the form the operator has open).
 *
 * @example
 * ```ts
 * const portal: PortalForm = { name: "Telegram abuse portal (modelled)", url: "https://telegram.example/gov", labels: { targets: "Links" } };
 * ```
 */
export interface PortalForm {
  readonly name: string;
  readonly url: string;
  /** The portal's own labels, by field name (a name of `SubmissionPacket["fields"]`). */
  readonly labels?: Partial<Record<SubmissionPacket["fields"][number]["name"], string>>;
}

/** One filled field. */
type PacketField = SubmissionPacket["fields"][number];

/**
 * A prepared submission packet.
 *
 * @example
 * ```ts
 * writeFileSync(`${packet.requestId}.md`, packet.markdown);
 * ```
 */
export interface SubmissionPacket {
  readonly requestId: string;
  readonly platform: string;
  readonly portal: PortalForm;
  /** When it was prepared (ISO 8601). */
  readonly preparedAt: string;
  /** The idempotency key of the prepare call: preparing again with it gives the same packet. */
  readonly idempotencyKey: string;
  readonly targetKeys: readonly string[];
  /**
   * The filled fields, in the form's order: name, label and value. Every packet holds the fields every
   * government-request portal asks for; a `disclose-data` packet adds the disclosure's (`instrument` to
   * `emergency`) and a `preserve` packet the preservation's (`preservationRule`, `preservationPeriod`,
   * `dataCategories`, `intendedInstrument`), after `designations`.
   */
  readonly fields: readonly {
    readonly name:
      | "agency"
      | "country"
      | "contact"
      | "requestType"
      | "priority"
      | "targets"
      | "legalBasis"
      | "designations"
      | "instrument"
      | "instrumentReference"
      | "dataCategories"
      | "accounts"
      | "period"
      | "statementOfReasons"
      | "confidentiality"
      | "emergency"
      | "preservationRule"
      | "preservationPeriod"
      | "intendedInstrument"
      | "deadline"
      | "evidence"
      | "reference";
    readonly label: string;
    readonly value: string;
  }[];
  readonly markdown: string;
  readonly html: string;
}

const KIND_WORDS: Record<string, string> = {
  suspend: "Account suspension",
  "remove-content": "Content removal",
  "restrict-locally": "Restriction in the requesting country",
  preserve: "Preservation of records",
  "disclose-data": "Disclosure of data",
};

/**
 * Fills the portal's form from one request's targets.
 *
 * @example
 * ```ts
 * const packet = buildPacket({ request, targets: request.targets }, portal, { preparedAt: new Date().toISOString(), idempotencyKey: "req-1:0" });
 * console.log(packet.markdown);
 * ```
 */
export function buildPacket(
  input: SubmitInput,
  portal: PortalForm,
  meta: { preparedAt: string; idempotencyKey: string },
): SubmissionPacket {
  const { request, targets } = input;
  const authority = request.issuingAuthority;
  const values: Record<CommonFieldName, string> = {
    agency: [authority.name, authority.unit].filter(Boolean).join(", "),
    country: authority.country ?? "",
    contact: authority.contact ?? "",
    requestType: KIND_WORDS[request.kind] ?? request.kind,
    priority: request.priority,
    targets: targets.map(({ target }) => canonicalUrl(target) ?? targetKey(target)).join("\n"),
    legalBasis: request.legalBasis ? `${request.legalBasis.instrument}, ${request.legalBasis.section}` : "",
    designations: request.designations
      .map((d) => `${d.groupId} (${d.authority}${d.reference ? ` ${d.reference}` : ""})`)
      .join("; "),
    deadline: request.deadline ?? "none: no time limit applies",
    evidence: targets
      .flatMap(({ target, evidence }) =>
        evidence.map((e) => `${targetKey(target)}: ${e.contentHash} (captured ${e.capturedAt})`),
      )
      .join("\n"),
    reference: request.reference ? `${request.reference} / ${request.id}` : request.id,
  };
  const common = (names: readonly CommonFieldName[]): PacketField[] =>
    names.map((name) => ({
      name,
      label: portal.labels?.[name] ?? DEFAULT_LABELS[name],
      value: values[name],
    }));
  const fields: PacketField[] = [
    ...common(LEADING_FIELDS),
    ...kindDetails(request).map((detail) => ({
      ...detail,
      label: portal.labels?.[detail.name] ?? detail.label,
    })),
    ...common(TRAILING_FIELDS),
  ];
  const title = `Submission packet: request ${request.id} to ${platformName(request.platform)}`;
  return {
    requestId: request.id,
    platform: request.platform,
    portal: { ...portal },
    preparedAt: meta.preparedAt,
    idempotencyKey: meta.idempotencyKey,
    targetKeys: targets.map(({ target }) => targetKey(target)),
    fields,
    markdown: toMarkdown(title, portal, fields, request.id),
    html: toHtml(title, portal, fields, request.id),
  };
}

const AFTER =
  "After submitting, record the portal's confirmation number: `referral-kit confirm <request> <number>`. Until then the request is not submitted.";

function toMarkdown(title: string, portal: PortalForm, fields: readonly PacketField[], id: string): string {
  const lines = [`# ${title}`, "", `Portal: ${portal.name} <${portal.url}>`, ""];
  for (const field of fields) {
    lines.push(`## ${field.label}`, "", field.value ? "```text" : "_(leave empty)_");
    if (field.value) lines.push(field.value, "```");
    lines.push("");
  }
  lines.push(AFTER.replace("<request>", id), "");
  return lines.join("\n");
}

function toHtml(title: string, portal: PortalForm, fields: readonly PacketField[], id: string): string {
  const rows = fields
    .map(
      (f) =>
        `<tr><th align="left" valign="top">${esc(f.label)}</th><td><pre>${esc(f.value) || "<em>(leave empty)</em>"}</pre></td></tr>`,
    )
    .join("\n");
  return [
    `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p>Portal: <a href="${esc(portal.url)}">${esc(portal.name)}</a></p>`,
    `<table>${rows}</table>`,
    `<p>${esc(AFTER.replace("<request>", id))}</p>`,
    "</body></html>",
  ].join("\n");
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
