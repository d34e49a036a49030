/**
 * A SYNTHETIC dataset of 850 referrals made in 2025, built to be consistent with the published aggregates
 * for Pakistan's 2025 referrals: 850 reported, 533 blocked, over 90% actioned by Facebook and TikTok, about
 * 30% by X and WhatsApp, Telegram nearly all. Every row is invented: ids, times, groups and outcomes come
 * from a seeded pseudo-random generator, only the per-platform totals are fixed. It exists to show the
 * calculators on realistic shapes, not to describe any real request.
 *
 * Run it to (re)write requests.csv: `npx tsx examples/pakistan-2025/generate.ts`.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMPLIANCE_CSV_OPTIONAL_COLUMNS } from "referral-kit/compliance";

/** The fixed seed: the same file every time. */
export const SEED = 2025;
/** The as-of time the example reports at (every outcome in the data happens before it). */
export const AS_OF = "2026-01-31T00:00:00Z";

/**
 * Per platform: requests sent, requests actioned (partial actions included), and the median hours to
 * action used to draw times. Totals: 850 sent, 533 actioned.
 */
export const PLATFORM_PLAN = [
  { platform: "facebook", sent: 200, actioned: 184, medianHours: 20 },
  { platform: "tiktok", sent: 150, actioned: 138, medianHours: 14 },
  { platform: "telegram", sent: 56, actioned: 55, medianHours: 30 },
  { platform: "instagram", sent: 60, actioned: 40, medianHours: 36 },
  { platform: "x", sent: 300, actioned: 90, medianHours: 120 },
  { platform: "whatsapp", sent: 84, actioned: 26, medianHours: 96 },
] as const;

/** Groups (ids as a registry would have them) with their weights; Majeed Brigade requests also cite the BLA. */
const GROUPS: ReadonlyArray<readonly [string, number]> = [
  ["ttp", 0.34],
  ["bla", 0.26],
  ["bla;majeed-brigade", 0.1],
  ["iskp", 0.14],
  ["lej", 0.08],
  ["jamaat-ul-ahrar", 0.08],
];
const KINDS: ReadonlyArray<readonly [string, number]> = [
  ["suspend", 0.6],
  ["remove-content", 0.3],
  ["restrict-locally", 0.1],
];

const HOUR = 3_600_000;
const YEAR_START = Date.parse("2025-01-01T00:00:00Z");
const YEAR_END = Date.parse("2026-01-01T00:00:00Z");

/** mulberry32: a small, well-known 32-bit PRNG; good enough for synthetic data, and reproducible. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws a value by its weight. */
function picker(random: () => number): (weights: ReadonlyArray<readonly [string, number]>) => string {
  return (weights) => {
    let u = random();
    for (const [value, weight] of weights) {
      u -= weight;
      if (u < 0) return value;
    }
    return weights[weights.length - 1]![0];
  };
}

/** A time to the minute, as the CSV writes it. */
function iso(time: number): string {
  return new Date(Math.round(time / 60_000) * 60_000).toISOString().replace(".000Z", "Z");
}

/** One CSV row of the flat compliance format, with the optional columns of outcomes and follow-up. */
export interface Row {
  request_id: string;
  platform: string;
  group: string;
  kind: string;
  priority: string;
  submitted_at: string;
  outcome: string;
  outcome_at: string;
  due_at: string;
  acknowledged_at: string;
  target_type: string;
  measure: string;
  scope: string;
  ground: string;
  reason_code: string;
  until: string;
  info_requested_at: string;
  info_supplied_at: string;
  supersedes: string;
  escalated_at: string;
  escalation_level: string;
  actioned_after_escalation_at: string;
  returned_at: string;
}

/**
 * How each platform answers, per platform (synthetic, chosen to show the figures, not measured): the
 * share of actions limited to Pakistan (withheld, under local law), and the reasons it gives for declining
 * with their weights. X withholds in-country and asks for legal process; WhatsApp cannot see end-to-end
 * encrypted content.
 */
export const ANSWER_PLAN: Readonly<
  Record<string, { countryOnly: number; reasons: ReadonlyArray<readonly [string, number]> }>
> = {
  facebook: {
    countryOnly: 0.35,
    reasons: [
      ["not-violating", 0.5],
      ["content-not-found", 0.3],
      ["already-removed", 0.2],
    ],
  },
  instagram: {
    countryOnly: 0.35,
    reasons: [
      ["not-violating", 0.5],
      ["content-not-found", 0.3],
      ["already-removed", 0.2],
    ],
  },
  tiktok: {
    countryOnly: 0.25,
    reasons: [
      ["not-violating", 0.4],
      ["content-not-found", 0.4],
      ["duplicate", 0.2],
    ],
  },
  telegram: {
    countryOnly: 0.05,
    reasons: [
      ["content-not-found", 0.6],
      ["not-violating", 0.4],
    ],
  },
  x: {
    countryOnly: 0.7,
    reasons: [
      ["legal-process-required", 0.4],
      ["not-violating", 0.35],
      ["insufficient-information", 0.15],
      ["content-not-found", 0.1],
    ],
  },
  whatsapp: {
    countryOnly: 0,
    reasons: [
      ["private-or-end-to-end-encrypted", 0.45],
      ["insufficient-information", 0.25],
      ["not-violating", 0.2],
      ["outside-jurisdiction", 0.1],
    ],
  },
};

/**
 * The rows, sorted by submission time. Deterministic for a given seed.
 *
 * @example
 * ```ts
 * const rows = generatePakistan2025();
 * rows.length; // 850
 * ```
 */
export function generatePakistan2025(seed = SEED): Row[] {
  const random = mulberry32(seed);
  const pick = picker(random);
  // Log-normal delays (spread sigma = 1), redrawn above 30 days so every outcome falls before AS_OF.
  const delayHours = (median: number): number => {
    for (;;) {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const hours = Math.max(0.25, median * Math.exp(normal));
      if (hours <= 720) return hours;
    }
  };
  const drafts: Array<Omit<Row, "request_id" | FollowUpColumn>> = [];
  for (const plan of PLATFORM_PLAN) {
    // Exact totals, shuffled: the published aggregates hold by construction.
    const outcomes: string[] = [];
    for (let index = 0; index < plan.sent; index++) {
      if (index < plan.actioned) outcomes.push(random() < 0.08 ? "partially-actioned" : "actioned");
      else outcomes.push(random() < 0.2 ? "pending" : "rejected");
    }
    for (let index = outcomes.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [outcomes[index], outcomes[other]] = [outcomes[other]!, outcomes[index]!];
    }
    for (const outcome of outcomes) {
      const submitted = YEAR_START + random() * (YEAR_END - YEAR_START - 24 * HOUR);
      const priority = random() < 0.08 ? "emergency" : "standard";
      const deadline = submitted + (priority === "emergency" ? 1 : 48) * HOUR;
      const acted = outcome === "actioned" || outcome === "partially-actioned";
      const decided =
        outcome === "pending" ? null : submitted + delayHours(acted ? plan.medianHours : 72) * HOUR;
      drafts.push({
        platform: plan.platform,
        group: pick(GROUPS),
        kind: pick(KINDS),
        priority,
        submitted_at: iso(submitted),
        outcome,
        outcome_at: decided === null ? "" : iso(Math.max(decided, submitted + 60_000)),
        due_at: iso(deadline),
      });
    }
  }
  drafts.sort((a, b) => (a.submitted_at < b.submitted_at ? -1 : a.submitted_at > b.submitted_at ? 1 : 0));
  const rows = drafts.map((draft, index) => ({
    request_id: `PK25-${String(index + 1).padStart(4, "0")}`,
    ...draft,
  }));
  // The follow-up columns come from a second generator, so the columns above are the same for a seed
  // whether or not they are added.
  return addFollowUp(rows, mulberry32(seed + 1));
}

/** Adds what each platform did to the row's target, its questions, escalations, re-referrals and returns. */
function addFollowUp(rows: Array<Omit<Row, FollowUpColumn>>, random: () => number): Row[] {
  const pick = picker(random);
  const asOf = Date.parse(AS_OF);
  const lastDeclined = new Map<string, string>();
  return rows.map((row) => {
    const plan = ANSWER_PLAN[row.platform]!;
    const submitted = Date.parse(row.submitted_at);
    const decided = row.outcome_at === "" ? undefined : Date.parse(row.outcome_at);
    const acted = row.outcome === "actioned" || row.outcome === "partially-actioned";
    const account = row.kind === "suspend";
    const extra: Record<FollowUpColumn, string> = Object.fromEntries(
      FOLLOW_UP_COLUMNS.map((column) => [column, ""]),
    ) as Record<FollowUpColumn, string>;
    const firstResponse = submitted + (0.5 + random() * 8) * HOUR;
    if (random() < 0.9 && (decided === undefined || firstResponse < decided)) {
      extra.acknowledged_at = iso(firstResponse);
    }
    // A question from X or WhatsApp on about one request in twelve, answered the next day.
    if ((row.platform === "x" || row.platform === "whatsapp") && random() < 0.08) {
      const asked = submitted + 2 * HOUR;
      const answered = asked + (18 + random() * 30) * HOUR;
      if (decided === undefined || answered < decided) {
        extra.info_requested_at = iso(asked);
        extra.info_supplied_at = iso(answered);
      }
    }
    if (decided !== undefined && row.outcome !== "withdrawn") {
      extra.target_type = account ? "account" : "content";
      if (acted) {
        const countryOnly = row.kind === "restrict-locally" || random() < plan.countryOnly;
        extra.scope = countryOnly ? "PK" : "global";
        extra.ground = countryOnly ? "local-law" : "terms-of-service";
        if (account) {
          const temporary = !countryOnly && random() < 0.25;
          extra.measure = temporary ? "account-suspended" : "account-terminated";
          if (temporary && random() < 0.5) extra.until = iso(decided + 30 * 24 * HOUR);
          // About one suspended account in twelve comes back (a reinstatement or a confirmed mirror).
          const back = decided + (5 + random() * 60) * 24 * HOUR;
          if (random() < 0.08 && back < asOf) extra.returned_at = iso(back);
        } else {
          extra.measure = countryOnly ? "content-disabled" : "content-removed";
        }
      } else {
        extra.measure = "no-action";
        extra.reason_code = pick(plan.reasons);
        // X declines that asked for legal process are escalated to its country representative at times.
        if (row.platform === "x" && extra.reason_code === "legal-process-required" && random() < 0.3) {
          const escalated = decided + 24 * HOUR;
          if (escalated < asOf) {
            extra.escalated_at = iso(escalated);
            extra.escalation_level = "country-representative";
            const after = escalated + (24 + random() * 96) * HOUR;
            if (random() < 0.5 && after < asOf) extra.actioned_after_escalation_at = iso(after);
          }
        }
        lastDeclined.set(row.platform, row.request_id);
      }
    }
    // Some later requests re-refer the platform's last declined request, with more evidence.
    const earlier = lastDeclined.get(row.platform);
    if (
      earlier !== undefined &&
      earlier !== row.request_id &&
      (row.platform === "x" || row.platform === "whatsapp") &&
      random() < 0.06
    ) {
      extra.supersedes = earlier;
      lastDeclined.delete(row.platform);
    }
    return { ...row, ...extra };
  });
}

const FOLLOW_UP_COLUMNS = COMPLIANCE_CSV_OPTIONAL_COLUMNS;
type FollowUpColumn = (typeof FOLLOW_UP_COLUMNS)[number];

/** The rows as CSV text, header first. */
export function toCsv(rows: readonly Row[]): string {
  const columns = Object.keys(rows[0]!) as (keyof Row)[];
  return `${[columns.join(","), ...rows.map((row) => columns.map((column) => row[column]).join(","))].join("\n")}\n`;
}

/** Where the generated file lives. */
export const CSV_PATH = fileURLToPath(new URL("./requests.csv", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CSV_PATH, toCsv(generatePakistan2025()));
  console.log(`Wrote ${CSV_PATH} (synthetic data)`);
}
