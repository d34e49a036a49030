/**
 * The default scenario of each built-in platform mock. ILLUSTRATIVE: the shares model the pattern
 * national counter-terrorism referral units described in their 2025 reports (Facebook and TikTok acting
 * on over 90% of referrals, X and WhatsApp on about 30%, Telegram on nearly all); the delays and the
 * split of the remainder between rejected, partial, information requests and no answer are invented
 * for testing. Never cite them as measurements.
 */
import type { KnownPlatformId } from "../domain/platforms.js";
import type { OutcomeDetailScenario } from "./mock/outcome-detail.js";
import type { DelayDistribution, MockScenario, OutcomeShares, ScenarioPatch } from "./mock/scenario.js";

const HOUR = 3_600_000;

const INFORMATION_REQUESTS = [
  "please provide a copy of the court order or designation notice",
  "please identify the specific posts relied on",
  "please confirm the legal instrument and section",
] as const;

function scenario(
  platform: KnownPlatformId,
  outcomes: OutcomeShares,
  decisionMedianHours: number,
  note: string,
  outcomeDetail: OutcomeDetailScenario,
): MockScenario {
  const decisionDelay: DelayDistribution = {
    distribution: "lognormal",
    medianMs: decisionMedianHours * HOUR,
    sigma: 1,
  };
  return Object.freeze({
    name: `${platform} (illustrative, 2025 reports pattern)`,
    illustrative: true,
    note,
    seed: 2025,
    outcomes: Object.freeze(outcomes),
    reviewDelay: Object.freeze({ distribution: "lognormal", medianMs: 0.5 * HOUR, sigma: 0.8 } as const),
    decisionDelay: Object.freeze(decisionDelay),
    informationRequests: INFORMATION_REQUESTS,
    outcomeDetail: Object.freeze({
      ...outcomeDetail,
      declineReasons: Object.freeze(outcomeDetail.declineReasons),
    }),
  });
}

/**
 * Default scenarios, one per built-in platform, labelled illustrative. Plain data: copy one, change it,
 * save it as JSON for the sandbox.
 *
 * | platform | actioned | partial | rejected | needs info | no answer | median decision |
 * | --- | --- | --- | --- | --- | --- | --- |
 * | facebook | 0.93 | 0.02 | 0.03 | 0.01 | 0.01 | 12 h |
 * | instagram | 0.85 | 0.03 | 0.08 | 0.02 | 0.02 | 18 h |
 * | whatsapp | 0.30 | 0.02 | 0.40 | 0.08 | 0.20 | 96 h |
 * | tiktok | 0.92 | 0.02 | 0.04 | 0.01 | 0.01 | 8 h |
 * | x | 0.30 | 0.05 | 0.45 | 0.05 | 0.15 | 72 h |
 * | telegram | 0.97 | 0.00 | 0.02 | 0.00 | 0.01 | 4 h |
 *
 * Instagram sits below Facebook (0.85): same company and policies, but the reports describe lower
 * action on Instagram for account referrals. The number is a modelling choice, not a measurement.
 *
 * Each also says what the platform did to each target (`outcomeDetail`), just as illustrative:
 *
 * | platform | acted on in the country only | temporary suspensions | declines, most common first |
 * | --- | --- | --- | --- |
 * | facebook, instagram | 10% | 10%, 30 days | not violating, not enough information, not found, already removed |
 * | whatsapp | never (no country restriction) | 20%, 30 days | end-to-end encrypted, not enough information, not violating, legal process required, not found |
 * | tiktok | 25% | 10%, 7 days | not violating, not found, already removed, not enough information |
 * | x | 50% | 15%, 30 days | legal process required, not violating, not enough information, outside jurisdiction, not found |
 * | telegram | 5% | none | not violating, not found, private |
 *
 * @example
 * ```ts
 * import { createPlatformMock, defaultScenarios } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("x", { scenario: { ...defaultScenarios.telegram, name: "x acting like telegram" } });
 * ```
 */
export const defaultScenarios: Readonly<Record<KnownPlatformId, MockScenario>> = Object.freeze({
  facebook: scenario(
    "facebook",
    { actioned: 0.93, partiallyActioned: 0.02, rejected: 0.03, needsInformation: 0.01, pending: 0.01 },
    12,
    "Facebook acted on over 90% of referrals in the 2025 reports.",
    {
      geoWithheld: 0.1,
      temporarySuspensions: 0.1,
      suspensionDays: 30,
      declineReasons: {
        "not-violating": 4,
        "insufficient-information": 2,
        "content-not-found": 2,
        "already-removed": 2,
      },
    },
  ),
  instagram: scenario(
    "instagram",
    { actioned: 0.85, partiallyActioned: 0.03, rejected: 0.08, needsInformation: 0.02, pending: 0.02 },
    18,
    "Modelled a little below Facebook; a modelling choice.",
    {
      geoWithheld: 0.1,
      temporarySuspensions: 0.1,
      suspensionDays: 30,
      declineReasons: {
        "not-violating": 4,
        "insufficient-information": 2,
        "content-not-found": 2,
        "already-removed": 2,
      },
    },
  ),
  whatsapp: scenario(
    "whatsapp",
    { actioned: 0.3, partiallyActioned: 0.02, rejected: 0.4, needsInformation: 0.08, pending: 0.2 },
    96,
    "WhatsApp acted on about 30% of referrals in the 2025 reports.",
    {
      geoWithheld: 0,
      temporarySuspensions: 0.2,
      suspensionDays: 30,
      declineReasons: {
        "private-or-end-to-end-encrypted": 3,
        "insufficient-information": 2,
        "not-violating": 2,
        "legal-process-required": 2,
        "content-not-found": 1,
      },
    },
  ),
  tiktok: scenario(
    "tiktok",
    { actioned: 0.92, partiallyActioned: 0.02, rejected: 0.04, needsInformation: 0.01, pending: 0.01 },
    8,
    "TikTok acted on over 90% of referrals in the 2025 reports.",
    {
      geoWithheld: 0.25,
      temporarySuspensions: 0.1,
      suspensionDays: 7,
      declineReasons: {
        "not-violating": 3,
        "content-not-found": 2,
        "already-removed": 2,
        "insufficient-information": 1,
      },
    },
  ),
  x: scenario(
    "x",
    { actioned: 0.3, partiallyActioned: 0.05, rejected: 0.45, needsInformation: 0.05, pending: 0.15 },
    72,
    "X acted on about 30% of referrals in the 2025 reports.",
    {
      geoWithheld: 0.5,
      temporarySuspensions: 0.15,
      suspensionDays: 30,
      declineReasons: {
        "legal-process-required": 4,
        "not-violating": 3,
        "insufficient-information": 1.5,
        "outside-jurisdiction": 1,
        "content-not-found": 0.5,
      },
    },
  ),
  telegram: scenario(
    "telegram",
    { actioned: 0.97, partiallyActioned: 0, rejected: 0.02, needsInformation: 0, pending: 0.01 },
    4,
    "Telegram acted on nearly all referrals in the 2025 reports.",
    {
      geoWithheld: 0.05,
      temporarySuspensions: 0,
      suspensionDays: 30,
      declineReasons: { "not-violating": 2, "content-not-found": 1, "private-or-end-to-end-encrypted": 1 },
    },
  ),
});

/**
 * A scenario where everything is decided at once, the same way: for tests that need one exact outcome.
 *
 * @example
 * ```ts
 * mock.setScenario(immediateScenario("rejected"));
 * ```
 */
export function immediateScenario(outcome: keyof MockScenario["outcomes"]): ScenarioPatch {
  return {
    name: `everything ${outcome}, immediately`,
    illustrative: false,
    outcomes: { [outcome]: 1 },
    reviewDelay: { distribution: "fixed", ms: 0 },
    decisionDelay: { distribution: "fixed", ms: 0 },
  };
}
