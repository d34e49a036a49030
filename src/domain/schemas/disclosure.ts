/**
 * Data disclosure and preservation as legal instruments: what a `disclose-data` or `preserve` request
 * asks for and under what, and the events of their own lifecycles (production with its receipt, no data,
 * preservation confirmed and extended, production requested).
 */
import { z } from "zod";
import { PRESERVATION_PRESET_IDS, type PreservationPresetId } from "../preservation-presets.js";
import { Actor, DateTime, Id } from "./common.js";
import { eventBase } from "./event-base.js";
import { Sha256Schema } from "./evidence.js";

/**
 * The categories of data a disclosure asks for, in the order of the legal process they usually need:
 * `subscriber` (name, email, phone, registration details), `traffic-or-non-content` (IP logs, login
 * times, metadata of messages) and `content` (posts, messages, media). They follow the categories of
 * Regulation (EU) 2023/1543, Art. 3(9)-(12), and of 18 U.S.C. § 2703(c) and (a)-(b).
 *
 * @example
 * ```ts
 * DataCategory.parse("subscriber");
 * ```
 */
export const DataCategory = z.enum(["subscriber", "traffic-or-non-content", "content"]);
/** A category of data a disclosure asks for. */
export type DataCategory = z.infer<typeof DataCategory>;
/** Every data category, in a stable order. */
export const DATA_CATEGORIES: readonly DataCategory[] = DataCategory.options;

/**
 * The legal instrument a disclosure relies on.
 *
 * | instrument | what it is |
 * | --- | --- |
 * | `domestic-order` | an order of the agency's own courts or authorities, served on a platform that accepts it |
 * | `mlat` | a request under a mutual legal assistance treaty, executed by the platform's home state |
 * | `letter-rogatory` | a court-to-court request where no treaty applies |
 * | `emergency-disclosure` | a voluntary disclosure the platform makes when life is at imminent risk |
 * | `european-production-order` | an EPOC under Regulation (EU) 2023/1543, served on the platform's EU representative |
 *
 * @example
 * ```ts
 * DisclosureInstrument.parse("emergency-disclosure");
 * ```
 */
export const DisclosureInstrument = z.enum([
  "domestic-order",
  "mlat",
  "letter-rogatory",
  "emergency-disclosure",
  "european-production-order",
]);
/** The legal instrument a disclosure relies on. */
export type DisclosureInstrument = z.infer<typeof DisclosureInstrument>;
/** Every disclosure instrument, in a stable order. */
export const DISCLOSURE_INSTRUMENTS: readonly DisclosureInstrument[] = DisclosureInstrument.options;

/**
 * The written justification platforms require before an emergency disclosure: the harm at stake
 * (`death` or `serious-physical-injury`, the test of 18 U.S.C. § 2702(b)(8) and (c)(4) that Meta, X and
 * TikTok apply) and why it cannot wait for legal process.
 *
 * @example
 * ```ts
 * const emergency: EmergencyJustification = {
 *   harm: "death",
 *   justification: "The account announced an attack on a named school for tomorrow morning; ...",
 * };
 * ```
 */
export const EmergencyJustificationSchema = z.object({
  harm: z.enum(["death", "serious-physical-injury"]),
  /** The threat, its imminence, and why normal legal process would come too late. */
  justification: z.string().trim().min(1, "the threat-to-life justification is empty").max(10_000),
});
/** The written justification of an emergency disclosure. */
export type EmergencyJustification = z.infer<typeof EmergencyJustificationSchema>;

/**
 * Whether the platform is asked not to tell the account holder, why, and until when.
 *
 * @example
 * ```ts
 * const confidentiality: Confidentiality = {
 *   doNotNotify: true,
 *   reason: "notice would alert the suspects of an ongoing investigation",
 * };
 * ```
 */
export const ConfidentialitySchema = z
  .object({
    doNotNotify: z.boolean(),
    /** Why notifying the user would harm the investigation, or the order that forbids it. */
    reason: z.string().trim().min(1).max(2000).optional(),
    /** Until when the user must not be told (absent: until the agency says otherwise). */
    until: DateTime.optional(),
  })
  .superRefine((value, context) => {
    if (value.doNotNotify && value.reason === undefined) {
      context.addIssue({
        code: "custom",
        path: ["reason"],
        message: "asking a platform not to notify the user needs a reason",
      });
    }
  });
/** Whether the account holder may be told. */
export type Confidentiality = z.infer<typeof ConfidentialitySchema>;

/** A time range (inclusive), start not after end. */
const PeriodSchema = z
  .object({ from: DateTime, to: DateTime })
  .refine((period) => Date.parse(period.from) <= Date.parse(period.to), {
    path: ["to"],
    message: "the period ends before it starts",
  });

/**
 * What a `disclose-data` request asks for: the instrument, the data categories, the accounts (keys of the
 * request's targets or of the accounts its content targets belong to: their names or unique identifiers,
 * as Regulation (EU) 2022/2065 (DSA), Art. 10(2)(a)(iii) requires), the time range, the statement of reasons, confidentiality and, for
 * an emergency, the threat-to-life justification.
 *
 * @example
 * ```ts
 * const disclosure: DisclosureDetailsInput = {
 *   instrument: "emergency-disclosure",
 *   dataCategories: ["subscriber", "traffic-or-non-content"],
 *   accounts: ["x:somename"],
 *   statementOfReasons: "Identify the author of a threat to attack a school.",
 *   emergency: { harm: "death", justification: "The attack is announced for tomorrow 08:00; ..." },
 * };
 * ```
 */
export const DisclosureDetails = z
  .object({
    instrument: DisclosureInstrument,
    /** The instrument's own reference: court order number, MLAT reference, EPOC number. */
    instrumentReference: z.string().min(1).max(200).optional(),
    dataCategories: z.array(DataCategory).min(1, "name at least one data category"),
    /** Keys of the accounts whose data is sought: targets of the request, or the accounts of its content targets. */
    accounts: z.array(z.string().min(1).max(300)).min(1, "name at least one account"),
    /** The time range the data is sought for (data minimisation; platforms ask for one). */
    period: PeriodSchema.optional(),
    /** Why the data is needed and why the request is necessary and proportionate. */
    statementOfReasons: z.string().trim().min(1).max(10_000),
    confidentiality: ConfidentialitySchema.default({ doNotNotify: false }),
    /** Required for `emergency-disclosure` and for any emergency-priority disclosure. */
    emergency: EmergencyJustificationSchema.optional(),
  })
  .superRefine((details, context) => {
    reportDuplicates(details.dataCategories, ["dataCategories"], "data category", context);
    reportDuplicates(details.accounts, ["accounts"], "account", context);
    if (details.instrument === "emergency-disclosure" && details.emergency === undefined) {
      context.addIssue({
        code: "custom",
        path: ["emergency"],
        message:
          "an emergency disclosure needs the written threat-to-life justification (emergency.justification)",
      });
    }
  });
/** What a `disclose-data` request asks for. */
export type DisclosureDetails = z.infer<typeof DisclosureDetails>;
/** Disclosure details as written by hand (confidentiality may be left out). */
export type DisclosureDetailsInput = z.input<typeof DisclosureDetails>;

const DurationSchema = z.union([
  z.object({ days: z.number().int().positive() }).strict(),
  z.object({ months: z.number().int().positive() }).strict(),
]);

/**
 * A preservation rule written into a request, for a law or policy the presets do not cover.
 *
 * @example
 * ```ts
 * const rule: PreservationRuleInput = {
 *   id: "pk-peca-s31",
 *   name: "Pakistan PECA preservation order",
 *   period: { days: 90 },
 *   maximum: { days: 180 },
 *   source: "Prevention of Electronic Crimes Act 2016, s. 31",
 *   url: "https://www.na.gov.pk/uploads/documents/1470910659_707.pdf",
 * };
 * ```
 */
export const PreservationRuleSchema = z.object({
  id: Id,
  name: z.string().min(1).max(300),
  period: DurationSchema,
  maximum: DurationSchema.optional(),
  liftedByProductionRequest: z.boolean().default(false),
  source: z.string().min(1).max(2000),
  url: z.url({ protocol: /^https?$/ }),
});
/** A preservation rule written into a request. */
export type PreservationRuleInput = z.input<typeof PreservationRuleSchema>;

/**
 * What a `preserve` request asks for: under which rule (a preset id from `PRESERVATION_PRESETS`, or a
 * rule of its own), which data, and the disclosure instrument the agency means to follow it with.
 *
 * @example
 * ```ts
 * const preservation: PreservationDetails = {
 *   rule: "eu-e-evidence",
 *   dataCategories: ["subscriber", "traffic-or-non-content", "content"],
 *   intendedInstrument: "european-production-order",
 * };
 * ```
 */
export const PreservationDetails = z.object({
  rule: z.union([
    z.enum(PRESERVATION_PRESET_IDS as [PreservationPresetId, ...PreservationPresetId[]]),
    PreservationRuleSchema,
  ]),
  dataCategories: z.array(DataCategory).min(1).optional(),
  intendedInstrument: DisclosureInstrument.optional(),
});
/** What a `preserve` request asks for. */
export type PreservationDetails = z.infer<typeof PreservationDetails>;

/**
 * One file a platform produced: its name (as delivered; a relative path inside a package), SHA-256 and
 * size in bytes.
 *
 * @example
 * ```ts
 * const file: ProducedFile = {
 *   name: "subscriber.csv",
 *   sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
 *   size: 4,
 * };
 * ```
 */
export const ProducedFile = z.object({
  name: z
    .string()
    .min(1)
    .max(1000)
    .refine((name) => !name.split(/[\\/]/).includes(".."), "a produced file name stays inside its package"),
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1).max(200).optional(),
});
/** One file a platform produced. */
export type ProducedFile = z.infer<typeof ProducedFile>;

/**
 * What arrived in answer to a disclosure: the files (or one package, such as a ZIP) with their SHA-256
 * and size, when, through which channel, and who received it. `hashesFrom` says whether the platform
 * declared the hashes (and the agency checked them) or the agency computed them on receipt.
 *
 * @example
 * ```ts
 * const receipt: z.input<typeof ProductionReceipt> = {
 *   receivedAt: "2025-03-04T09:00:00Z",
 *   receivedBy: { id: "officer-12" },
 *   channel: "leors-download",
 *   files: [{ name: "subscriber.csv", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 4 }],
 * };
 * ```
 */
export const ProductionReceipt = z
  .object({
    receivedAt: DateTime,
    receivedBy: Actor,
    /** How it arrived: an adapter id, `portal-download`, `email`, `courier`, ... */
    channel: z.string().min(1).max(100),
    /** The platform's reference for the production, when it gave one. */
    platformRef: z.string().min(1).max(200).optional(),
    /** The package as delivered (a ZIP, a PDF bundle), when the production came as one file. */
    package: ProducedFile.optional(),
    /** The files of the production (inside the package, when there is one). */
    files: z.array(ProducedFile).default([]),
    hashesFrom: z.enum(["platform", "agency"]).default("agency"),
  })
  .superRefine((receipt, context) => {
    if (receipt.package === undefined && receipt.files.length === 0) {
      context.addIssue({
        code: "custom",
        path: ["files"],
        message: "a production receipt lists the files or the package that arrived",
      });
    }
    reportDuplicates(
      receipt.files.map((file) => file.name),
      ["files"],
      "file",
      context,
      ["name"],
    );
  });
/** What arrived in answer to a disclosure. */
export type ProductionReceipt = z.infer<typeof ProductionReceipt>;
/** A production receipt as written by hand. */
export type ProductionReceiptInput = z.input<typeof ProductionReceipt>;

/**
 * The events of the disclosure and preservation lifecycles, spread into the request event union.
 *
 * - `produced`: the platform produced the data asked for, with the receipt of what arrived;
 * - `partially-produced`: some of it, with the receipt and the categories withheld or the targets covered;
 * - `no-data`: the platform holds no data for the request (a complete answer, not a refusal);
 * - `preserved`: the platform confirmed preservation, until `preservedUntil` when it said;
 * - `preservation-extended`: the preservation now lasts until `preservedUntil`, and why;
 * - `production-requested`: the legal process for production has been issued (`disclosureRequestId`
 *   names the `disclose-data` request that carries it).
 *
 * @internal
 */
export const DISCLOSURE_EVENT_SCHEMAS = [
  z.object({
    type: z.literal("produced"),
    ...eventBase,
    receipt: ProductionReceipt,
  }),
  z
    .object({
      type: z.literal("partially-produced"),
      ...eventBase,
      receipt: ProductionReceipt,
      /** The data categories the platform did not produce. */
      withheld: z.array(DataCategory).min(1).optional(),
      /** The target keys the platform produced data for, when it produced for some only. */
      targets: z.array(z.string().min(1)).min(1).optional(),
    })
    .refine((event) => event.withheld !== undefined || event.targets !== undefined, {
      path: ["withheld"],
      message: "a partial production says what was withheld, or which targets it covers",
    }),
  z.object({
    type: z.literal("no-data"),
    ...eventBase,
    platformRef: z.string().min(1).max(200).optional(),
  }),
  z.object({
    type: z.literal("preserved"),
    ...eventBase,
    /** Until when the platform keeps the data, when it said; else the rule's period from submission. */
    preservedUntil: DateTime.optional(),
    platformRef: z.string().min(1).max(200).optional(),
  }),
  z.object({
    type: z.literal("preservation-extended"),
    ...eventBase,
    preservedUntil: DateTime,
    /** Why the preservation must last longer (an ongoing proceeding, legal process on its way). */
    reason: z.string().trim().min(1).max(2000),
  }),
  z.object({
    type: z.literal("production-requested"),
    ...eventBase,
    /** The `disclose-data` request that carries the production order, when it is in this ledger. */
    disclosureRequestId: Id.optional(),
    instrument: DisclosureInstrument.optional(),
    /** The order's own reference. */
    reference: z.string().min(1).max(200).optional(),
  }),
] as const;

/** Adds an issue for each value that repeats an earlier one, at `path[index]` (then `suffix`). */
function reportDuplicates(
  values: readonly string[],
  path: string[],
  what: string,
  context: z.RefinementCtx,
  suffix: string[] = [],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      context.addIssue({
        code: "custom",
        path: [...path, index, ...suffix],
        message: `${what} "${value}" is listed twice`,
      });
    }
    seen.add(value);
  });
}
