/**
 * One emergency disclosure and one preservation, end to end, against a platform that speaks Facebook's
 * modelled Graph wire (the mock in-process, or the sandbox over HTTP in the demo): draft (an emergency
 * without its justification is refused, with the field), approve, submit, read the production, verify
 * the files on disk against the receipt before recording it (a changed byte is refused), confirm the
 * preservation and raise the alarm before it ends. Every account and figure is invented.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  computeDeadline,
  expiringPreservations,
  ProductionMismatchError,
  ReferralRequest,
  type RequestEvent,
  requestProduction,
  requestState,
} from "referral-kit";
import { type ReportingAdapter, toRequestEvents } from "referral-kit/adapter";
import { mockProductionFile, type PlatformMock } from "referral-kit/testing";
import { receiveProduction } from "referral-kit/verify";

/** What the walkthrough needs: an adapter for the Graph platform, its mock (to decide), a clock and a folder. */
export interface DisclosureWalkthroughOptions {
  adapter: ReportingAdapter;
  mock: PlatformMock;
  /** The platform's time now (ms). */
  now: () => number;
  /** Where the produced files are written ("downloaded"). */
  directory: string;
}

const analyst = { id: "analyst-3", role: "analyst" };
const supervisor = { id: "supervisor-1", role: "supervisor" };
const officer = { id: "officer-12", role: "evidence officer" };
const ACCOUNT = "rk.demo.media";

function draft(kind: "disclose-data" | "preserve", at: string, extra: Record<string, unknown>) {
  return {
    id: `demo-${kind}`,
    kind,
    platform: "facebook",
    priority: kind === "disclose-data" ? "emergency" : "standard",
    targets: [
      {
        target: { type: "account", account: { kind: "username", platform: "facebook", username: ACCOUNT } },
        evidence: [
          {
            url: `https://www.facebook.com/${ACCOUNT}/posts/1`,
            capturedAt: at,
            contentHash: `sha256:${"5e".repeat(32)}`,
          },
        ],
      },
    ],
    legalBasis: { instrument: "Anti-Terrorism Act 1997 (Pakistan)", section: "s. 19", jurisdiction: "PK" },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK" },
    events: [
      { type: "drafted", at, by: analyst },
      { type: "approved", at, by: supervisor },
    ],
    ...extra,
  };
}

/** Runs the walkthrough and returns what it printed, line by line. */
export async function disclosureWalkthrough(options: DisclosureWalkthroughOptions): Promise<string[]> {
  const { adapter, mock, now, directory } = options;
  const out: string[] = [];
  const iso = (ms = now()) => new Date(ms).toISOString();
  const append = (request: ReferralRequest, ...events: RequestEvent[]) =>
    ReferralRequest.parse({ ...request, events: [...request.events, ...events] });

  // 1. An emergency disclosure: refused without the written threat-to-life justification.
  const details = {
    instrument: "emergency-disclosure",
    dataCategories: ["subscriber", "traffic-or-non-content"],
    accounts: [`facebook:${ACCOUNT}`],
    statementOfReasons: "The account announced an attack on a named (fictional) school for tomorrow morning.",
    confidentiality: { doNotNotify: true, reason: "telling the user would warn the attackers" },
  };
  const bare = ReferralRequest.safeParse(
    draft("disclose-data", iso(), { deadline: iso(now() + 8 * 3_600_000), disclosure: details }),
  );
  const issue = bare.success ? undefined : bare.error.issues[0];
  out.push(
    `Emergency disclosure without a justification: refused at ${issue?.path.join(".")}: ${issue?.message}`,
  );

  const deadline = computeDeadline({ kind: "disclose-data", priority: "emergency" }, iso());
  let disclosure = ReferralRequest.parse(
    draft("disclose-data", iso(), {
      deadline,
      disclosure: {
        ...details,
        emergency: {
          harm: "death",
          justification:
            "A dated threat against a named school; a court order cannot be had before the morning.",
        },
      },
    }),
  );
  out.push(
    `Drafted and approved ${disclosure.id}: ${details.dataCategories.join(" and ")} data, respond by ${deadline}`,
  );

  /** Submits the request, records the submission, has the platform act on it, and polls its answer. */
  const sendAndDecide = async (request: ReferralRequest) => {
    const sent = await adapter.submit(
      { request, targets: request.targets },
      { idempotencyKey: `${request.id}:0` },
    );
    const recorded = append(request, {
      type: "submitted",
      at: sent.acceptedAt,
      channel: adapter.platform,
      platformRef: sent.platformRef,
    });
    mock.force(sent.platformRef, "ACTION_TAKEN");
    return { sent, request: recorded, update: await adapter.getStatus({ platformRef: sent.platformRef }) };
  };

  // 2. Submitted through the adapter; the platform decides and says what it produced.
  const decided = await sendAndDecide(disclosure);
  const { sent, update } = decided;
  disclosure = decided.request;
  const [announced] = toRequestEvents(update, {
    kind: "disclose-data",
    current: requestState(disclosure).status,
    by: officer,
    channel: adapter.platform,
  });
  if (announced?.type !== "produced") throw new Error(`expected a production, got ${announced?.type}`);
  out.push(
    `${adapter.platform} produced ${announced.receipt.files.length} files (${announced.receipt.platformRef}):`,
    ...announced.receipt.files.map((file) => `  ${file.name}  ${file.size} bytes  sha256 ${file.sha256}`),
  );

  // 3. The files arrive; they are recorded only once their bytes match what the platform declared.
  const downloaded = join(directory, "production");
  const tampered = join(directory, "tampered");
  mkdirSync(downloaded, { recursive: true });
  mkdirSync(tampered, { recursive: true });
  for (const file of announced.receipt.files) {
    const category = file.name.slice(sent.platformRef.length + 1, -".json".length).toUpperCase();
    const { bytes } = mockProductionFile(sent.platformRef, category, details.accounts);
    writeFileSync(join(downloaded, file.name), bytes);
    writeFileSync(join(tampered, file.name), bytes);
  }
  writeFileSync(join(tampered, announced.receipt.files[0]!.name), "{}\n");
  const refused = await receiveProduction(disclosure, {
    at: iso(),
    by: officer,
    directory: tampered,
    receipt: announced.receipt,
  }).catch((error: unknown) => error);
  if (!ProductionMismatchError.isInstance(refused)) throw new Error("a changed file was accepted");
  out.push(`A copy with one changed file is refused: ${refused.message}`);
  const produced = await receiveProduction(disclosure, {
    at: iso(),
    by: officer,
    directory: downloaded,
    receipt: { ...announced.receipt, receivedBy: officer },
  });
  disclosure = append(disclosure, produced);
  out.push(`Every hash matches: ${disclosure.id} is ${requestState(disclosure).status}`);

  // 4. A preservation under the e-Evidence rule: confirmed with its end, then the alarm before it lapses.
  let preservation = ReferralRequest.parse(
    draft("preserve", iso(), {
      deadline: iso(now() + 48 * 3_600_000),
      preservation: { rule: "eu-e-evidence", dataCategories: ["subscriber", "content"] },
    }),
  );
  const kept = await sendAndDecide(preservation);
  preservation = kept.request;
  const confirmed = toRequestEvents(kept.update, {
    kind: "preserve",
    current: requestState(preservation).status,
    channel: adapter.platform,
  });
  preservation = append(preservation, ...confirmed);
  const [ending] = expiringPreservations([preservation], { asOf: now() + 50 * 86_400_000, withinDays: 14 });
  out.push(
    `Preservation ${preservation.id}: ${requestState(preservation).status}` +
      (ending
        ? `; 50 days on, ${ending.daysLeft.toFixed(0)} days left until ${ending.preservedUntil}: alarm`
        : ""),
  );
  preservation = append(
    preservation,
    requestProduction(preservation, {
      at: iso(now() + 50 * 86_400_000),
      by: officer,
      instrument: "european-production-order",
      reference: "EPOC-2026-0042",
    }),
  );
  const after = expiringPreservations([preservation], { asOf: now() + 50 * 86_400_000, withinDays: 14 });
  out.push(`Production requested (EPOC-2026-0042): ${after.length} preservation(s) left to chase`);
  return out;
}
