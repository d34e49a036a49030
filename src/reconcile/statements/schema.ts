import { z } from "zod";
import { isIsoDate } from "../period.js";
import {
  ACCOUNT_TYPES,
  AUTOMATED_DECISIONS,
  CONTENT_TYPES,
  DECISION_ACCOUNTS,
  DECISION_GROUNDS,
  DECISION_MONETARIES,
  DECISION_PROVISIONS,
  DECISION_VISIBILITIES,
  SOURCE_TYPES,
  STATEMENT_CATEGORIES,
  STATEMENT_KEYWORDS,
  STATEMENT_LANGUAGES,
  STATEMENT_TERRITORIES,
} from "./enumerations.js";

const codes = <T extends Readonly<Record<string, string>>>(values: T) =>
  z.enum(Object.keys(values) as [keyof T & string, ...(keyof T & string)[]]);

/** A `YYYY-MM-DD` date between two bounds (both included), as the database's validator checks dates. */
const date = (from: string, to: string) =>
  z
    .string()
    .refine((value) => isIsoDate(value), "a date written YYYY-MM-DD")
    .refine((value) => value >= from && value <= to, `a date from ${from} to ${to}`);

const text = (max: number) => z.string().min(1).max(max);
const yesNo = z.enum(["Yes", "No"]);
const ean13 = z.string().regex(/^\d{13}$/, "13 digits");

/**
 * The fields of a statement of reasons as the DSA Transparency Database accepts them, field by field, from
 * the documented rules (`dsa-sor-fields.md` of the fixtures: the database's validation rules, enumerations
 * and API documentation). The rules between fields (at least one restriction; the `*_other` texts, the
 * ground's texts and `content_type_other` required when their option is chosen; end dates not before the
 * application date) are checked by {@link StatementOfReasons}. Fields the server drops when they do
 * not apply are dropped here too.
 *
 * @example
 * ```ts
 * StatementFieldsSchema.shape.puid.safeParse("has spaces").success; // false
 * ```
 */
export const StatementFieldsSchema = z.strictObject({
  puid: z
    .string()
    .min(1)
    .max(500)
    .regex(/^[a-zA-Z0-9_-]+$/, "only a-z A-Z 0-9 - _ are allowed (no spaces)"),
  decision_visibility: z.array(codes(DECISION_VISIBILITIES)).nullable().optional(),
  decision_visibility_other: text(500).nullable().optional(),
  decision_monetary: codes(DECISION_MONETARIES).nullable().optional(),
  decision_monetary_other: text(500).nullable().optional(),
  decision_provision: codes(DECISION_PROVISIONS).nullable().optional(),
  decision_account: codes(DECISION_ACCOUNTS).nullable().optional(),
  account_type: codes(ACCOUNT_TYPES).nullable().optional(),
  decision_ground: codes(DECISION_GROUNDS),
  decision_ground_reference_url: z.url().max(500).nullable().optional(),
  illegal_content_legal_ground: text(500).nullable().optional(),
  illegal_content_explanation: text(2000).nullable().optional(),
  incompatible_content_ground: text(500).nullable().optional(),
  incompatible_content_explanation: text(2000).nullable().optional(),
  incompatible_content_illegal: yesNo.nullable().optional(),
  content_type: z.array(codes(CONTENT_TYPES)).min(1, "at least one content type"),
  content_type_other: text(500).nullable().optional(),
  category: codes(STATEMENT_CATEGORIES),
  category_addition: z.array(codes(STATEMENT_CATEGORIES)).nullable().optional(),
  category_specification: z.array(codes(STATEMENT_KEYWORDS)).nullable().optional(),
  category_specification_other: text(500).nullable().optional(),
  territorial_scope: z
    .array(
      z
        .string()
        .refine((code) => STATEMENT_TERRITORIES.includes(code), "an EU/EEA country code (GR, not EL)"),
    )
    .nullable()
    .optional(),
  content_language: z
    .string()
    .refine((code) => STATEMENT_LANGUAGES.includes(code), "an upper-case ISO 639-1 code such as EN or UR")
    .nullable()
    .optional(),
  content_date: date("2000-01-01", "2038-01-01"),
  application_date: date("2020-01-01", "2038-01-01"),
  end_date_visibility_restriction: date("2000-01-01", "2038-01-01").nullable().optional(),
  end_date_monetary_restriction: date("2000-01-01", "2038-01-01").nullable().optional(),
  end_date_service_restriction: date("2000-01-01", "2038-01-01").nullable().optional(),
  end_date_account_restriction: date("2000-01-01", "2038-01-01").nullable().optional(),
  decision_facts: text(5000),
  source_type: codes(SOURCE_TYPES),
  source_identity: text(500).nullable().optional(),
  automated_detection: yesNo,
  automated_decision: codes(AUTOMATED_DECISIONS),
  content_id: z.strictObject({ "EAN-13": ean13 }).nullable().optional(),
  content_id_ean: ean13.nullable().optional(),
});

/**
 * A statement of reasons, checked as the DSA Transparency Database's validator checks one: the rules of
 * each field and the rules between fields. (The API documentation also asks for end
 * dates not before the application date; the validator does not check it and the database's own example
 * batch breaks it, so reading accepts it and {@link validateStatementOfReasons}, for writing, refuses it.) Fields that do not apply to the options
 * chosen are dropped from the parsed value, as the server drops them (`illegal_content_*` unless the
 * ground is illegal content, `source_identity` for a voluntary decision, an `*_other` text without its
 * "other" option). Unknown fields are refused.
 *
 * @example
 * ```ts
 * import { StatementOfReasons } from "referral-kit/reconcile";
 *
 * const result = StatementOfReasons.safeParse(JSON.parse(text));
 * if (!result.success) console.error(result.error.issues);
 * ```
 */
export const StatementOfReasons = StatementFieldsSchema.superRefine((statement, context) => {
  const problem = (path: string, message: string) =>
    context.addIssue({ code: "custom", path: [path], message });
  const visibility = statement.decision_visibility ?? [];
  if (
    visibility.length === 0 &&
    !statement.decision_monetary &&
    !statement.decision_provision &&
    !statement.decision_account
  ) {
    problem(
      "decision_visibility",
      "at least one restriction is required: decision_visibility, decision_monetary, decision_provision or decision_account",
    );
  }
  if (visibility.includes("DECISION_VISIBILITY_OTHER") && !statement.decision_visibility_other) {
    problem(
      "decision_visibility_other",
      "required when decision_visibility includes DECISION_VISIBILITY_OTHER",
    );
  }
  if (statement.decision_monetary === "DECISION_MONETARY_OTHER" && !statement.decision_monetary_other) {
    problem("decision_monetary_other", "required when decision_monetary is DECISION_MONETARY_OTHER");
  }
  if (statement.decision_ground === "DECISION_GROUND_ILLEGAL_CONTENT") {
    if (!statement.illegal_content_legal_ground) {
      problem("illegal_content_legal_ground", "required when the ground is DECISION_GROUND_ILLEGAL_CONTENT");
    }
    if (!statement.illegal_content_explanation) {
      problem("illegal_content_explanation", "required when the ground is DECISION_GROUND_ILLEGAL_CONTENT");
    }
  } else {
    if (!statement.incompatible_content_ground) {
      problem(
        "incompatible_content_ground",
        "required when the ground is DECISION_GROUND_INCOMPATIBLE_CONTENT",
      );
    }
    if (!statement.incompatible_content_explanation) {
      problem(
        "incompatible_content_explanation",
        "required when the ground is DECISION_GROUND_INCOMPATIBLE_CONTENT",
      );
    }
  }
  if (statement.content_type.includes("CONTENT_TYPE_OTHER") && !statement.content_type_other) {
    problem("content_type_other", "required when content_type includes CONTENT_TYPE_OTHER");
  }
}).transform((statement) => {
  // Drop what the server drops, so what is written is what the database keeps.
  const kept = { ...statement };
  const drop = (field: keyof typeof kept) => {
    delete kept[field];
  };
  if (!(kept.decision_visibility ?? []).includes("DECISION_VISIBILITY_OTHER"))
    drop("decision_visibility_other");
  if (kept.decision_monetary !== "DECISION_MONETARY_OTHER") drop("decision_monetary_other");
  if (kept.decision_ground === "DECISION_GROUND_ILLEGAL_CONTENT") {
    drop("incompatible_content_ground");
    drop("incompatible_content_explanation");
    drop("incompatible_content_illegal");
  } else {
    drop("illegal_content_legal_ground");
    drop("illegal_content_explanation");
  }
  if (!kept.content_type.includes("CONTENT_TYPE_OTHER")) drop("content_type_other");
  if (kept.source_type === "SOURCE_VOLUNTARY") drop("source_identity");
  return kept;
});

/**
 * A statement of reasons in the DSA Transparency Database's format (codes, not labels; dates `YYYY-MM-DD`),
 * as {@link StatementOfReasons} parses it. A statement written by hand, before validation, is
 * `z.input<typeof StatementOfReasons>`.
 *
 * @example
 * ```ts
 * const statement: StatementOfReasons = validateStatementOfReasons(JSON.parse(text));
 * ```
 */
export type StatementOfReasons = z.output<typeof StatementOfReasons>;

/**
 * Fields the database adds to a statement it returns (not submitted): its id, when it was created, the
 * platform's name, links, and how it was submitted. The example files carry `platform_name` and
 * `permalink` in submitted statements too.
 *
 * @example
 * ```ts
 * STATEMENT_SERVER_FIELDS.includes("uuid"); // true
 * ```
 */
export const STATEMENT_SERVER_FIELDS: readonly string[] = Object.freeze([
  "uuid",
  "created_at",
  "platform_name",
  "permalink",
  "self",
  "method",
]);

/**
 * The most statements one call to the batch endpoint takes (its validator: between 1 and 100).
 *
 * @example
 * ```ts
 * STATEMENT_BATCH_LIMIT; // 100
 * ```
 */
export const STATEMENT_BATCH_LIMIT = 100;
