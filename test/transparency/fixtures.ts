import {
  parseTarget,
  ReferralRequest,
  type ReferralRequestInput,
  type RequestEvent,
  targetKey,
} from "referral-kit";

/** Strings planted in fields that must never leave through an export. */
export const MARKERS = {
  evidenceUrl: "MARKER-EVIDENCE-URL",
  evidenceNote: "MARKER-EVIDENCE-NOTE",
  requestNote: "MARKER-REQUEST-NOTE",
  eventNote: "MARKER-EVENT-NOTE",
  actorName: "MARKER-ACTOR-NAME",
  actorId: "marker-actor-id",
  capturedBy: "marker-captured-by",
  contact: "MARKER-CONTACT",
} as const;

/** A WhatsApp number in a target: personal data that public exports must redact. */
export const PHONE = "+923001234567";

export const PERIOD = { from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z" } as const;

let hashCounter = 0;
/** A distinct, valid sha256 content hash. */
export function hash(): string {
  hashCounter += 1;
  return `sha256:${hashCounter.toString(16).padStart(64, "0")}`;
}

const analyst = { id: MARKERS.actorId, name: MARKERS.actorName };
const supervisor = { id: "supervisor-1", name: `${MARKERS.actorName} two` };

/** Evidence whose URL and note carry the markers. */
export function evidence() {
  return {
    url: `https://evidence.internal.example/${MARKERS.evidenceUrl}/capture`,
    capturedAt: "2024-12-20T08:00:00Z",
    contentHash: hash(),
    note: `${MARKERS.evidenceNote}: seen in a fictional channel`,
    capturedBy: MARKERS.capturedBy,
  };
}

/**
 * A valid request, drafted and approved on 2024-12-31, with markers in every private field; pass the
 * events after approval (submitted and what follows).
 */
export function request(
  id: string,
  options: {
    platform?: string;
    kind?: ReferralRequestInput["kind"];
    targets?: string[];
    events?: RequestEvent[];
    legalBasis?: ReferralRequestInput["legalBasis"];
    groups?: string[];
  } = {},
): ReferralRequest {
  const targets = options.targets ?? ["x.com/fict_handle_1"];
  return ReferralRequest.parse({
    id,
    kind: options.kind ?? "suspend",
    platform: options.platform ?? "x",
    targets: targets.map((input) => ({ target: parseTarget(input), evidence: [evidence()] })),
    legalBasis: options.legalBasis ?? {
      instrument: "Fictional Online Harms Act 2024",
      section: "s. 12",
      jurisdiction: "PK",
    },
    designations: (options.groups ?? ["ttp"]).map((groupId) => ({ groupId, authority: "un-1267" })),
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK", contact: MARKERS.contact },
    deadline: "2025-12-31T00:00:00Z",
    // A preservation cannot be approved without its rule.
    ...(options.kind === "preserve" ? { preservation: { rule: "eu-e-evidence" } } : {}),
    reference: `REF-${id}`,
    note: MARKERS.requestNote,
    events: [
      { type: "drafted", at: "2024-12-31T08:00:00Z", by: analyst, note: MARKERS.eventNote },
      { type: "approved", at: "2024-12-31T09:00:00Z", by: supervisor, note: MARKERS.eventNote },
      ...(options.events ?? []),
    ],
  });
}

/** A submitted event at `at`. */
export function submitted(at: string, channel = "x"): RequestEvent {
  return { type: "submitted", at, channel, note: MARKERS.eventNote, by: analyst };
}

/** The keys of a request's targets, in order. */
export function keysOf(input: ReferralRequest): string[] {
  return input.targets.map((entry) => targetKey(entry.target));
}

/**
 * The main fixture, with hand-computed figures in report.test.ts. Period: first half of 2025.
 */
export function fixture(): ReferralRequest[] {
  const r3Targets = ["t.me/fictional_channel/11", "t.me/fictional_channel/12", "t.me/fictional_channel/13"];
  const r3Keys = r3Targets.map((input) => targetKey(parseTarget(input)));
  return [
    // x suspend: 2 items, fully actioned, challenged by the account holder, upheld.
    request("r1", {
      targets: ["x.com/fict_handle_1", "x.com/fict_handle_2"],
      events: [
        submitted("2025-01-10T10:00:00Z"),
        { type: "actioned", at: "2025-01-11T10:00:00Z" },
        {
          type: "appealed",
          at: "2025-01-15T10:00:00Z",
          appellant: "account-holder",
          note: MARKERS.eventNote,
        },
        { type: "actioned", at: "2025-01-20T10:00:00Z" },
      ],
    }),
    // x suspend: rejected.
    request("r2", {
      events: [
        submitted("2025-02-01T10:00:00Z"),
        { type: "rejected", at: "2025-02-02T10:00:00Z", reason: "n/a" },
      ],
    }),
    // telegram remove-content: 3 items, 2 actioned (plus a stray key that is not a target), challenged by the
    // platform, reinstated.
    request("r3", {
      platform: "telegram",
      kind: "remove-content",
      targets: r3Targets,
      events: [
        submitted("2025-03-01T10:00:00Z", "email"),
        { type: "acknowledged", at: "2025-03-01T12:00:00Z" },
        {
          type: "partially-actioned",
          at: "2025-03-02T10:00:00Z",
          targets: [r3Keys[0]!, r3Keys[1]!, "telegram:not_a_target/99"],
        },
        { type: "appealed", at: "2025-03-05T10:00:00Z", appellant: "platform" },
        { type: "reinstated", at: "2025-03-06T10:00:00Z" },
      ],
    }),
    // whatsapp suspend of a phone-number account: pending (acknowledged only).
    request("r4", {
      platform: "whatsapp",
      targets: [`wa.me/${PHONE.slice(1)}`],
      events: [submitted("2025-04-01T10:00:00Z"), { type: "acknowledged", at: "2025-04-01T11:00:00Z" }],
    }),
    // Submitted before the period: not counted.
    request("r5", {
      events: [submitted("2024-12-31T23:59:59Z"), { type: "actioned", at: "2025-01-02T00:00:00Z" }],
    }),
    // Submitted in the period, actioned and challenged after it: pending, nothing actioned, no challenge.
    request("r6", {
      events: [
        submitted("2025-06-30T23:00:00Z"),
        { type: "actioned", at: "2025-07-01T00:00:00Z" },
        { type: "appealed", at: "2025-07-02T00:00:00Z", appellant: "account-holder" },
      ],
    }),
    // Draft only (approved, never submitted): not counted.
    request("r7"),
    // Actioned before it was submitted: skipped with a reason.
    request("r8", {
      events: [{ type: "actioned", at: "2025-01-05T00:00:00Z" }, submitted("2025-01-06T00:00:00Z")],
    }),
    // x suspend, withdrawn before any decision; relies on two groups.
    request("r9", {
      groups: ["ttp", "bla"],
      events: [
        submitted("2025-01-01T00:00:00Z"),
        { type: "withdrawn", at: "2025-01-02T00:00:00Z", reason: "n/a" },
      ],
    }),
    // telegram remove-content: actioned, then reinstated by the platform with no challenge; submitted exactly
    // at the start (counted) under another legal basis.
    request("r10", {
      platform: "telegram",
      kind: "remove-content",
      targets: ["t.me/fictional_channel/20"],
      legalBasis: { instrument: "Fictional Anti-Terrorism Act | 1997", section: "s. 11W" },
      events: [
        submitted(PERIOD.from),
        { type: "actioned", at: "2025-01-03T00:00:00Z" },
        { type: "reinstated", at: "2025-01-04T00:00:00Z" },
      ],
    }),
    // Submitted exactly at the end: not counted (half-open period).
    request("r11", { events: [submitted(PERIOD.to)] }),
  ];
}
