/**
 * Prints the compliance table of the SYNTHETIC Pakistan 2025 dataset (see generate.ts and README.md):
 * `npx tsx examples/pakistan-2025/index.ts`. Reads requests.csv with the streaming reader, exactly as the
 * `referral-kit compliance` command does, compares X with Facebook with a Newcombe interval, and says what
 * each platform did target by target (terminated or suspended, worldwide or in Pakistan only, why it
 * declined), and what the agency did next after X's and WhatsApp's declines.
 */
import {
  ComplianceAccumulator,
  compareCompliance,
  formatComplianceTable,
  readComplianceCsv,
} from "referral-kit/compliance";
import { printOutcomeBreakdown } from "../demo/outcomes.js";
import { AS_OF, CSV_PATH } from "./generate.js";

const source = readComplianceCsv(CSV_PATH, { strict: true });
const accumulator = new ComplianceAccumulator({ by: ["platform"], asOf: AS_OF });
for await (const record of source) accumulator.add(record, source.line);
const result = accumulator.result();

console.log(
  "SYNTHETIC DATA: invented requests consistent with the published 2025 aggregates, not real cases.\n",
);
console.log(
  formatComplianceTable(result, {
    source: "examples/pakistan-2025/requests.csv",
    rowsRead: source.rowsRead,
    definitions: false,
  }),
);

const row = (platform: string) => result.rows.find((candidate) => candidate.platform === platform)!;
const comparison = compareCompliance(row("facebook"), row("x"));
const pct = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)} points`);
console.log(
  `Facebook − X action rate: ${pct(comparison.difference)} (95% CI ${pct(comparison.low)} to ${pct(comparison.high)}; ${comparison.conclusion}).`,
);
console.log(`Blocked: ${result.total.actioned} of ${result.total.submitted} reported.`);

printOutcomeBreakdown("What each platform did, target by target", result.rows, result.total);
console.log("");

// What X and WhatsApp did when they did not act, and what the agency did next.
for (const platform of ["x", "whatsapp"]) {
  const declined = row(platform);
  const reasons = Object.entries(declined.declinesByReason)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`);
  console.log(
    `${platform}: ${declined.declinedTargets} targets declined (${reasons.join(", ")}); ` +
      `${declined.countryActions} of ${declined.actionedTargets} actions withheld in Pakistan only; ` +
      `${declined.informationRequested} questions answered; ` +
      `${declined.actionedAfterEscalation} of ${declined.escalated} escalations and ` +
      `${declined.reReferralsActioned} of ${declined.reReferrals} re-referrals actioned.`,
  );
}
