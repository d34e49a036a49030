import { Campaign, type CampaignInput } from "../domain/campaigns.js";
import { validate } from "../domain/validate.js";
import {
  ComplianceAccumulator,
  type ComplianceFigures,
  type ComplianceOptions,
  type ComplianceResult,
  type ComplianceRow,
} from "./compute.js";
import { hourLabel } from "./hour.js";
import type { ComplianceInput } from "./record.js";

const HOUR = 3_600_000;

/**
 * The compliance and verification figures of one campaign, per hour of its window: the requests that are
 * part of it (`request.campaign`, or a flat record's `campaign`), grouped by the UTC hour they were
 * submitted in. Every hour of the window has a row, so a chart shows quiet hours as zero. Figures follow
 * `COMPLIANCE_DEFINITIONS`; pass `verifications` for the verified figures.
 *
 * @throws {ValidationError} an invalid campaign.
 * @throws {RangeError} a bad option (see `computeCompliance`).
 *
 * @example
 * ```ts
 * import { campaignCompliance } from "referral-kit/compliance";
 *
 * const figures = campaignCompliance(requests, campaign, { asOf: "2025-03-17T00:00:00Z", verifications });
 * for (const hour of figures.hours) console.log(hour.hour, hour.submitted, hour.actionRate, hour.verifiedRate);
 * ```
 */
export function campaignCompliance(
  inputs: Iterable<ComplianceInput>,
  campaignInput: Campaign | CampaignInput,
  options: Omit<ComplianceOptions, "by">,
): {
  campaign: Pick<Campaign, "id" | "name" | "kind" | "window">;
  /** ISO 8601, UTC. */
  asOf: string;
  confidence: number;
  /** Every hour of the window in order (`YYYY-MM-DDTHH:00Z`, UTC), quiet hours with zero figures. */
  /** Each hour of the campaign's window, with the figures of the campaign's requests submitted in it. */
  hours: (ComplianceRow & { hour: string })[];
  /** Every request of the campaign counted once, whenever it was submitted. */
  total: ComplianceFigures;
  /** Requests of the campaign submitted outside the window: in `total`, in no hour. */
  outsideWindow: number;
  /** Inputs that are not part of the campaign (left out of every figure). */
  otherInputs: number;
  counts: ComplianceResult["counts"];
  issues: ComplianceResult["issues"];
  definitions: ComplianceResult["definitions"];
  /** True when verification data was given (see `computeCompliance`). */
  verification: boolean;
} {
  const campaign = validate(Campaign, campaignInput, "Campaign");
  const accumulator = new ComplianceAccumulator({ ...options, by: ["hour"] });
  let otherInputs = 0;
  for (const input of inputs) {
    if (input.campaign === campaign.id) accumulator.add(input);
    else otherInputs++;
  }
  const result = accumulator.result();
  const empty = new ComplianceAccumulator({ ...options, by: [] }).result().total;
  const byHour = new Map(result.rows.map((row) => [row.hour!, row]));
  const hours: ReturnType<typeof campaignCompliance>["hours"] = [];
  const start = Math.floor(Date.parse(campaign.window.start) / HOUR) * HOUR;
  const end = Date.parse(campaign.window.end);
  for (let time = start; time < end; time += HOUR) {
    const hour = hourLabel(time);
    const row = byHour.get(hour);
    byHour.delete(hour);
    hours.push(row ? { ...row, hour } : { hour, ...empty });
  }
  let outsideWindow = 0;
  for (const row of byHour.values()) outsideWindow += row.submitted;
  const { id, name, kind, window } = campaign;
  return {
    campaign: { id, name, kind, window },
    asOf: result.asOf,
    confidence: result.confidence,
    hours,
    total: result.total,
    outsideWindow,
    otherInputs,
    counts: result.counts,
    issues: result.issues,
    definitions: result.definitions,
    verification: result.verification,
  };
}
