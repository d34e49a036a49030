import type { ComplianceResult, ComplianceRow } from "../compute.js";
import { count, hours, percent, rateWithInterval } from "./numbers.js";
import { escapeHtml, rateWhiskerChart, type Segment, stackedBarChart } from "./svg.js";

// Okabe-Ito colours (as HTML_PALETTE), plus greys for "not said".
const BLUE = "#0072B2";
const ORANGE = "#E69F00";
const GREEN = "#009E73";
const VERMILLION = "#D55E00";
const PURPLE = "#CC79A7";
const SKY = "#56B4E9";
const YELLOW = "#F0E442";
const BLACK = "#000000";
const GREY = "#A0AEC0";
const DARK_GREY = "#4A5568";

/** Colours of the decline reasons, in the taxonomy's order, then "unspecified". */
const REASON_COLOURS: Readonly<Record<string, string>> = {
  "content-not-found": SKY,
  "already-removed": GREEN,
  "insufficient-information": ORANGE,
  "not-violating": VERMILLION,
  "legal-process-required": BLUE,
  duplicate: YELLOW,
  "outside-jurisdiction": PURPLE,
  "private-or-end-to-end-encrypted": BLACK,
  other: DARK_GREY,
  unspecified: GREY,
};

/**
 * The report's sections on what the platforms did to each target and on the follow-up: scope (worldwide
 * or some countries), ground, declines by reason, permanent suspensions and returns, breaches by who
 * answers for them, and the results of questions, escalations and re-referrals. Without outcome or
 * follow-up data, one line says so.
 *
 * @internal
 */
export function outcomeSections(
  result: ComplianceResult,
  rows: readonly ComplianceRow[],
  labels: readonly string[],
  level: string,
): string {
  const total = result.total;
  if (
    total.decidedTargets === 0 &&
    total.informationRequested === 0 &&
    total.escalated === 0 &&
    total.reReferrals === 0
  ) {
    return `<h2>What the platforms did</h2>\n<p class="meta">No per-target outcomes or follow-up in this data: the figures above say whether platforms acted, not how.</p>`;
  }
  const { permanent, returns } = rateCharts(rows, labels);
  const scope = scopeChart(rows, labels);
  const ground = groundChart(rows, labels);
  const declines = declinesChart(result, rows, labels);
  const breaches = breachesChart(rows, labels);
  return `<h2>What the platforms did to each target</h2>
${scope}
<h2>On what ground: the platform's rules or the country's law</h2>
${ground}
<h2>Why platforms declined</h2>
${declines}
<h2>Permanent suspensions (${escapeHtml(level)} Wilson intervals)</h2>
${permanent}
<h2>Recidivism: accounts that came back</h2>
${returns}
<h2>Breaches by who answers for them</h2>
${breaches}
<h2>Follow-up</h2>
${followUpTable(result, labels, level)}`;
}

/** Decided targets by scope: worldwide, some countries only, or declined. */
function scopeChart(rows: readonly ComplianceRow[], labels: readonly string[]): string {
  const value = (pick: (row: ComplianceRow) => number) => rows.map(pick);
  return stackedBarChart(
    "chart-outcome-scope",
    "Decided targets: removed or restricted worldwide, in some countries only, or declined",
    labels,
    [
      {
        name: "worldwide",
        colour: BLUE,
        className: "scope-global",
        values: value((row) => row.globalActions),
      },
      {
        name: "some countries only",
        colour: ORANGE,
        className: "scope-country",
        values: value((row) => row.countryActions),
      },
      {
        name: "scope not said",
        colour: GREY,
        className: "scope-unspecified",
        values: value((row) => row.unspecifiedScopeActions),
      },
      {
        name: "declined",
        colour: VERMILLION,
        className: "declined",
        values: value((row) => row.declinedTargets),
      },
    ],
    rows.map(
      (row) =>
        `${count(row.globalActions)} of ${count(row.decidedTargets)} worldwide, ${count(row.countryActions)} in some countries`,
    ),
  );
}

/** Actioned targets by ground: the platform's own rules or the country's law. */
function groundChart(rows: readonly ComplianceRow[], labels: readonly string[]): string {
  const value = (pick: (row: ComplianceRow) => number) => rows.map(pick);
  return stackedBarChart(
    "chart-ground",
    "Actioned targets by ground: the platform's own rules or the requesting country's law",
    labels,
    [
      {
        name: "terms of service",
        colour: BLUE,
        className: "ground-terms",
        values: value((row) => row.termsOfServiceActions),
      },
      {
        name: "local law",
        colour: GREEN,
        className: "ground-law",
        values: value((row) => row.localLawActions),
      },
      {
        name: "ground not said",
        colour: GREY,
        className: "ground-unspecified",
        values: value((row) => row.unspecifiedGroundActions),
      },
    ],
    rows.map((row) => `${count(row.termsOfServiceActions)} terms, ${count(row.localLawActions)} law`),
  );
}

/** Declined targets by the platform's reason, in the reasons the data has. */
function declinesChart(
  result: ComplianceResult,
  rows: readonly ComplianceRow[],
  labels: readonly string[],
): string {
  const total = result.total;
  const value = (pick: (row: ComplianceRow) => number) => rows.map(pick);
  const reasons = Object.keys(total.declinesByReason).filter((reason) => total.declinesByReason[reason]! > 0);
  return reasons.length === 0
    ? "<p>No declined targets.</p>"
    : stackedBarChart(
        "chart-declines",
        "Declined targets by the platform's reason",
        labels,
        reasons.map(
          (reason): Segment => ({
            name: reason,
            colour: REASON_COLOURS[reason] ?? GREY,
            className: `decline-${reason}`,
            values: value((row) => row.declinesByReason[reason] ?? 0),
          }),
        ),
        rows.map((row) => `${count(row.declinedTargets)} declined`),
      );
}

/** Permanent suspensions and returns, as rates with their intervals. */
function rateCharts(
  rows: readonly ComplianceRow[],
  labels: readonly string[],
): { permanent: string; returns: string } {
  const permanent = rateWhiskerChart(
    "chart-permanent-suspension",
    "Permanent suspension rate: account targets terminated worldwide",
    labels,
    rows.map((row) => ({
      rate: row.permanentSuspensionRate,
      low: row.permanentSuspensionRateLow,
      high: row.permanentSuspensionRateHigh,
      n: row.decidedAccountTargets,
    })),
    PURPLE,
    "permanent-bar",
  );
  const returns = rateWhiskerChart(
    "chart-returns",
    "Suspended accounts that came back (verified reinstatements, confirmed mirrors)",
    labels,
    rows.map((row) => ({
      rate: row.returnRate,
      low: row.returnRateLow,
      high: row.returnRateHigh,
      n: row.suspendedAccounts,
    })),
    ORANGE,
    "return-bar",
  );
  return { permanent, returns };
}

/** Deadline breaches: the platform's, or time the platform waited on the agency. */
function breachesChart(rows: readonly ComplianceRow[], labels: readonly string[]): string {
  const value = (pick: (row: ComplianceRow) => number) => rows.map(pick);
  return stackedBarChart(
    "chart-breach-attribution",
    "Deadline breaches: the platform's, or time the platform waited on the agency",
    labels,
    [
      {
        name: "platform late",
        colour: VERMILLION,
        className: "breach-platform",
        values: value((row) => row.platformBreaches),
      },
      {
        name: "waiting on the agency",
        colour: PURPLE,
        className: "breach-agency",
        values: value((row) => row.agencyBreaches),
      },
    ],
    rows.map((row) => `${count(row.platformBreaches)} platform, ${count(row.agencyBreaches)} agency`),
  );
}

function followUpTable(result: ComplianceResult, labels: readonly string[], level: string): string {
  const head = [
    "",
    "First response, median h",
    "Questions (open)",
    "Agency wait, median h",
    "Escalated: actioned after",
    `Escalation result (${level} CI)`,
    "Re-referred: actioned",
    `Re-referral result (${level} CI)`,
    "Reported worldwide, found withheld",
  ];
  const cells = (row: ComplianceRow) =>
    [
      hours(row.medianHoursToAcknowledge),
      `${count(row.informationRequested)} (${count(row.awaitingAgency)})`,
      hours(row.medianAgencyWaitHours),
      `${count(row.actionedAfterEscalation)} of ${count(row.escalated)}`,
      rateWithInterval(row.escalationActionRate, row.escalationActionRateLow, row.escalationActionRateHigh),
      `${count(row.reReferralsActioned)} of ${count(row.reReferrals)}`,
      rateWithInterval(row.reReferralActionRate, row.reReferralActionRateLow, row.reReferralActionRateHigh),
      result.verification ? count(row.reportedGlobalFoundWithheld) : "not checked",
    ]
      .map((text) => `<td>${escapeHtml(text)}</td>`)
      .join("");
  return `<table class="follow-up">
<thead><tr>${head.map((text) => `<th>${escapeHtml(text)}</th>`).join("")}</tr></thead>
<tbody>
${result.rows.map((row, index) => `<tr><td>${escapeHtml(labels[index]!)}</td>${cells(row)}</tr>`).join("\n")}
<tr class="total"><td>Total</td>${cells(result.total)}</tr>
</tbody>
</table>
<p class="meta">Permanent: ${escapeHtml(percent(result.total.permanentSuspensionRate))} of decided account targets terminated worldwide. Time waiting on the agency is left out of time to action.</p>`;
}
