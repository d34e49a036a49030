/**
 * The referral email itself: a subject with the reference token, a plain-text and an HTML body a person
 * at the platform can act on, and a JSON attachment a machine can read. Evidence is referenced by its
 * hash and capture time only: no evidence file, URL or note is ever put in the email.
 */

import type { RequestTarget } from "referral-kit";
import { canonicalUrl, platformName, targetKey } from "referral-kit";
import type { SubmitInput } from "referral-kit/adapter";
import {
  type KindDetail,
  type KindDetailsJson,
  kindDetails,
  kindDetailsJson,
} from "../_channels/kind-details.js";

/**
 * The machine-readable attachment: what the request says, without evidence content.
 *
 * @example
 * ```ts
 * const body: ReferralAttachment = JSON.parse(attachmentText);
 * body.targets[0]?.evidence[0]?.contentHash;
 * ```
 */
export interface ReferralAttachment {
  readonly format: "referral-kit/email-referral@1";
  readonly reference: string;
  readonly idempotencyKey: string;
  readonly request: {
    readonly id: string;
    readonly kind: string;
    readonly platform: string;
    readonly priority: string;
    /** Absent when no time limit applies. */
    readonly deadline?: string;
    readonly agencyReference?: string;
    readonly legalBasis?: { instrument: string; section: string; jurisdiction?: string; url?: string };
    readonly designations: readonly { groupId: string; authority: string; reference?: string }[];
    readonly issuingAuthority: { name: string; country?: string; unit?: string; contact?: string };
    /** A `disclose-data` request's instrument, data, accounts, period, reasons, confidentiality and emergency justification. */
    readonly disclosure?: KindDetailsJson["disclosure"];
    /** A `preserve` request's rule (resolved: name, period, maximum, source), data and intended instrument. */
    readonly preservation?: KindDetailsJson["preservation"];
  };
  readonly targets: readonly {
    readonly key: string;
    readonly type: "account" | "content";
    readonly url?: string;
    readonly evidence: readonly { contentHash: string; capturedAt: string }[];
  }[];
}

/**
 * A composed referral email, before addressing.
 *
 * @example
 * ```ts
 * const email: ComposedReferral = composeReferral(input, { reference, idempotencyKey });
 * console.log(email.subject);
 * ```
 */
export interface ComposedReferral {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachment: { readonly filename: string; readonly content: string };
  readonly json: ReferralAttachment;
}

/** What the email says for a request no time limit applies to. */
const NO_DEADLINE = "none (no time limit applies)";

const KIND_WORDS: Record<string, string> = {
  suspend: "Suspend the account(s)",
  "remove-content": "Remove the content",
  "restrict-locally": "Restrict access in the issuing jurisdiction",
  preserve: "Preserve records",
  "disclose-data": "Disclose data",
};

/**
 * Composes the email for one `submit` call.
 *
 * @example
 * ```ts
 * const email = composeReferral({ request, targets: request.targets }, { reference: "RK-req-1-3f2a9c1b", idempotencyKey: "req-1:0" });
 * email.subject; // "[RK-req-1-3f2a9c1b] Suspend the account(s): referral req-1 (deadline 2025-03-03T10:00:00Z)"
 * ```
 */
export function composeReferral(
  input: SubmitInput,
  options: { reference: string; idempotencyKey: string; subjectPrefix?: string },
): ComposedReferral {
  const json = toAttachment(input, options.reference, options.idempotencyKey);
  const { request } = json;
  const action = KIND_WORDS[request.kind] ?? request.kind;
  const prefix = options.subjectPrefix ? `${options.subjectPrefix} ` : "";
  const urgent = request.priority === "emergency" ? "EMERGENCY: " : "";
  const subject = `${prefix}[${options.reference}] ${urgent}${action}: referral ${request.id}${request.deadline ? ` (deadline ${request.deadline})` : ""}`;
  const details = kindDetails(input.request);
  const lines = textLines(json, action, details);
  return {
    subject: oneLine(subject),
    text: `${lines.join("\n")}\n`,
    html: toHtml(json, action, details),
    attachment: { filename: `referral-${request.id}.json`, content: `${JSON.stringify(json, null, 2)}\n` },
    json,
  };
}

function toAttachment(input: SubmitInput, reference: string, idempotencyKey: string): ReferralAttachment {
  const { request } = input;
  return {
    format: "referral-kit/email-referral@1",
    reference,
    idempotencyKey,
    request: {
      id: request.id,
      kind: request.kind,
      platform: request.platform,
      priority: request.priority,
      ...(request.deadline ? { deadline: request.deadline } : {}),
      ...(request.reference ? { agencyReference: request.reference } : {}),
      ...(request.legalBasis ? { legalBasis: { ...request.legalBasis } } : {}),
      designations: request.designations.map((d) => ({ ...d })),
      issuingAuthority: { ...request.issuingAuthority },
      ...kindDetailsJson(request),
    },
    targets: input.targets.map(toTarget),
  };
}

function toTarget(entry: RequestTarget): ReferralAttachment["targets"][number] {
  const url = canonicalUrl(entry.target);
  return {
    key: targetKey(entry.target),
    type: entry.target.type,
    ...(url ? { url } : {}),
    // Hash and capture time only: the evidence itself stays with the agency.
    evidence: entry.evidence.map((e) => ({ contentHash: e.contentHash, capturedAt: e.capturedAt })),
  };
}

function textLines(json: ReferralAttachment, action: string, details: readonly KindDetail[]): string[] {
  const { request } = json;
  const basis = request.legalBasis;
  const authority = request.issuingAuthority;
  const lines = [
    `Reference: ${json.reference} (please keep it in the subject of any reply)`,
    `Request: ${request.id}${request.agencyReference ? ` (agency reference ${request.agencyReference})` : ""}`,
    `Platform: ${platformName(request.platform)}`,
    `Action requested: ${action}`,
    `Priority: ${request.priority}`,
    `Deadline: ${request.deadline ?? NO_DEADLINE}`,
    "",
    "Legal basis:",
    basis
      ? `  ${basis.instrument}, ${basis.section}${basis.jurisdiction ? ` (${basis.jurisdiction})` : ""}${basis.url ? ` ${basis.url}` : ""}`
      : "  (none given)",
    "",
    "Designations relied on:",
    ...(request.designations.length > 0
      ? request.designations.map(
          (d) => `  ${d.groupId}: ${d.authority}${d.reference ? ` reference ${d.reference}` : ""}`,
        )
      : ["  (none)"]),
    "",
    "Issuing authority:",
    `  ${authority.name}${authority.unit ? `, ${authority.unit}` : ""}${authority.country ? ` (${authority.country})` : ""}`,
    ...(authority.contact ? [`  Contact: ${authority.contact}`] : []),
    "",
    ...detailLines(request.kind, details),
    `Targets (${json.targets.length}):`,
  ];
  json.targets.forEach((target, index) => {
    lines.push(`  ${index + 1}. ${target.url ?? target.key} [${target.key}]`);
    for (const evidence of target.evidence) {
      lines.push(`     evidence ${evidence.contentHash}, captured ${evidence.capturedAt}`);
    }
  });
  lines.push(
    "",
    "Evidence is referenced by hash; the agency holds the files and provides them through its usual secure channel on request.",
    `The attached referral-${request.id}.json carries the same content in machine-readable form.`,
    "To reply, keep the reference above in the subject. A line such as `RK-STATUS: actioned`, `RK-STATUS: rejected <reason>` or `RK-STATUS: needs-information <what>` is read automatically.",
  );
  return lines.map(oneLine);
}

/** The kind's section: each field on its line, a field of several lines indented below its label. */
function detailLines(kind: string, details: readonly KindDetail[]): string[] {
  if (details.length === 0) return [];
  const lines = [kind === "preserve" ? "Preservation requested:" : "Disclosure requested:"];
  for (const { label, value } of details) {
    const parts = value.split("\n");
    if (parts.length === 1) lines.push(`  ${label}: ${value || "(none given)"}`);
    else lines.push(`  ${label}:`, ...parts.map((part) => `    ${part}`));
  }
  lines.push("");
  return lines;
}

function toHtml(json: ReferralAttachment, action: string, details: readonly KindDetail[]): string {
  const { request } = json;
  const basis = request.legalBasis;
  const row = (name: string, value: string) =>
    `<tr><th align="left" valign="top">${esc(name)}</th><td>${esc(value).replace(/\n/g, "<br>")}</td></tr>`;
  const targets = json.targets
    .map((target) => {
      const link = target.url ? `<a href="${esc(target.url)}">${esc(target.url)}</a>` : esc(target.key);
      const evidence = target.evidence
        .map((e) => `<li><code>${esc(e.contentHash)}</code>, captured ${esc(e.capturedAt)}</li>`)
        .join("");
      return `<li>${link} <code>${esc(target.key)}</code>${evidence ? `<ul>${evidence}</ul>` : ""}</li>`;
    })
    .join("");
  return [
    "<!doctype html><html><body>",
    `<p>Reference <strong>${esc(json.reference)}</strong> (please keep it in the subject of any reply)</p>`,
    "<table>",
    row("Request", request.id),
    row("Platform", platformName(request.platform)),
    row("Action requested", action),
    row("Priority", request.priority),
    row("Deadline", request.deadline ?? NO_DEADLINE),
    row("Legal basis", basis ? `${basis.instrument}, ${basis.section}` : "(none given)"),
    row(
      "Designations",
      request.designations
        .map((d) => `${d.groupId}: ${d.authority} ${d.reference ?? ""}`.trim())
        .join("; ") || "(none)",
    ),
    row("Issuing authority", request.issuingAuthority.name),
    ...details.map((detail) => row(detail.label, detail.value || "(none given)")),
    "</table>",
    `<h3>Targets (${json.targets.length})</h3><ol>${targets}</ol>`,
    "<p>Evidence is referenced by hash; the agency holds the files.</p>",
    "</body></html>",
  ].join("\n");
}

/** Header injection guard: a subject is one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
