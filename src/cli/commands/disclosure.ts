import { computeDisclosureFigures } from "../../compliance/disclosure.js";
import { formatDisclosureTable } from "../../compliance/format/disclosure-table.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { cliClock } from "../clock.js";
import { ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  PLATFORM_OPTION,
  platformList,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["table", "json"] as const;

/**
 * `referral-kit disclosure`: the disclosure and preservation figures of the store, per platform and
 * instrument or rule: the share of disclosure requests where some data was produced (the form platforms
 * publish), time to production, and preservations that lapsed before a production request.
 *
 * @example
 * ```sh
 * referral-kit disclosure --store ./referrals.store --as-of 2026-01-01
 * ```
 */
export const disclosureCommand = defineCommand({
  name: "disclosure",
  summary: "Disclosure and preservation figures: data produced, time to production, preservations lapsed",
  synopsis: "--store <path|url> [options]",
  description: `Computes, from the requests of the store, per platform and instrument: disclosure requests and their
answers (produced, partly produced, no data, rejected, pending), the share where some data was produced with
its 95% interval (the form TikTok and Meta publish) and the median time to production (Kaplan-Meier,
unanswered requests censored); per platform and preservation rule: preservations confirmed, production
requested, and those that lapsed before a production request. No account, reason or file is printed.`,
  options: {
    store: STORE_OPTION,
    "as-of": {
      type: "string",
      value: "<time>",
      help: "the figures as known at this time (default: now)",
    },
    platform: PLATFORM_OPTION,
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "table"),
    json: JSON_OPTION,
  },
  exitCodes: {
    0: "computed",
    3: "the store could not be read",
  },
  examples: [
    "referral-kit disclosure --store ./referrals.store",
    "referral-kit disclosure --store ./referrals.store --platform facebook --as-of 2026-01-01 --json",
  ],
  async run({ values }, io) {
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const asOf =
      values["as-of"] === undefined
        ? (await cliClock(values.clock, io.env)).now()
        : timeOption("--as-of", values["as-of"]).ms;
    const platforms = platformList(values.platform);
    const format = chosenFormat(values, FORMATS, "table");
    const store = await openCliStore(location, io.cwd);
    const requests: ReferralRequest[] = [];
    try {
      for await (const request of store.listRequests()) {
        if (request.kind !== "disclose-data" && request.kind !== "preserve") continue;
        if (platforms && !platforms.includes(request.platform)) continue;
        requests.push(request);
      }
    } finally {
      await store.close();
    }
    const figures = computeDisclosureFigures(requests, { asOf });
    io.stdout.write(format === "json" ? `${JSON.stringify(figures)}\n` : formatDisclosureTable(figures));
    return ExitCode.ok;
  },
});
