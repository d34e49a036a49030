import type { ZodError, z } from "zod";
import { requestState } from "../../domain/lifecycle.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import type { Target } from "../../domain/targets/target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { StatementOfReasonsError, type StatementProblem } from "../errors.js";
import type { CONTENT_TYPES } from "./enumerations.js";
import { STATEMENT_BATCH_LIMIT, StatementOfReasons } from "./schema.js";

/** Internal name of a type the public signatures write out. */
export type StatementDraftDetails = Parameters<typeof draftStatementsOfReasons>[1];

/**
 * Checks a statement of reasons before it is written: the database validator's rules
 * ({@link StatementOfReasons}) and the API documentation's (no end date before the application
 * date). Returns it as the database keeps it (fields that do not apply dropped).
 *
 * @throws {StatementOfReasonsError} with every problem, field by field.
 *
 * @example
 * ```ts
 * import { validateStatementOfReasons } from "referral-kit/reconcile";
 *
 * const statement = validateStatementOfReasons(JSON.parse(readFileSync("statement.json", "utf8")));
 * ```
 */
export function validateStatementOfReasons(value: unknown, index?: number): StatementOfReasons {
  const parsed = StatementOfReasons.safeParse(value);
  if (!parsed.success) throw new StatementOfReasonsError({ index, problems: problemsOf(parsed.error) });
  const statement = parsed.data;
  const problems: StatementProblem[] = [];
  for (const field of END_DATES) {
    const end = statement[field];
    if (end && end < statement.application_date) {
      problems.push({
        field,
        message: `${end} is before the application date ${statement.application_date} (the API documentation asks for an end on or after it)`,
      });
    }
  }
  if (problems.length > 0) throw new StatementOfReasonsError({ index, problems });
  return statement;
}

const END_DATES = [
  "end_date_visibility_restriction",
  "end_date_monetary_restriction",
  "end_date_service_restriction",
  "end_date_account_restriction",
] as const;

/**
 * The problems of a zod error, field by field.
 *
 * @internal
 */
export function problemsOf(error: ZodError): StatementProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join("."),
    message:
      issue.code === "unrecognized_keys"
        ? `not a field of a statement of reasons: ${issue.keys.join(", ")}`
        : issue.message,
  }));
}

/**
 * Validates statements and splits them into request bodies for the database's batch endpoint,
 * `{ "statements": [...] }` with at most `size` (at most 100) statements each. Every statement is checked
 * before any batch is returned, so nothing is half written; two statements with the same `puid` (the
 * database refuses the second) are refused too.
 *
 * @throws {StatementOfReasonsError} for the first invalid statement (with its position) or a repeated puid.
 * @throws {RangeError} a `size` outside 1 to 100.
 *
 * @example
 * ```ts
 * import { statementBatches } from "referral-kit/reconcile";
 *
 * for (const [index, body] of statementBatches(statements).entries()) {
 *   writeFileSync(`statements-${index + 1}.json`, JSON.stringify(body));
 * }
 * ```
 */
export function statementBatches(
  statements: Iterable<z.input<typeof StatementOfReasons>>,
  size: number = STATEMENT_BATCH_LIMIT,
): Array<{ statements: StatementOfReasons[] }> {
  if (!Number.isInteger(size) || size < 1 || size > STATEMENT_BATCH_LIMIT) {
    throw new RangeError(`a batch holds 1 to ${STATEMENT_BATCH_LIMIT} statements, not ${size}`);
  }
  const checked: StatementOfReasons[] = [];
  const puids = new Map<string, number>();
  let index = 0;
  for (const statement of statements) {
    const valid = validateStatementOfReasons(statement, index);
    const first = puids.get(valid.puid);
    if (first !== undefined) {
      throw new StatementOfReasonsError({
        index,
        problems: [{ field: "puid", message: `${valid.puid} is already used by statement ${first}` }],
      });
    }
    puids.set(valid.puid, index);
    checked.push(valid);
    index++;
  }
  const batches: Array<{ statements: StatementOfReasons[] }> = [];
  for (let start = 0; start < checked.length; start += size) {
    batches.push({ statements: checked.slice(start, start + size) });
  }
  return batches;
}

const CONTENT_TYPE_OF: Readonly<Record<string, keyof typeof CONTENT_TYPES>> = {
  video: "CONTENT_TYPE_VIDEO",
  reel: "CONTENT_TYPE_VIDEO",
  photo: "CONTENT_TYPE_IMAGE",
  post: "CONTENT_TYPE_TEXT",
  message: "CONTENT_TYPE_TEXT",
  comment: "CONTENT_TYPE_TEXT",
};

/**
 * Drafts the statements of reasons an authority keeps for its own records of a request the platform
 * acted on: one per target actioned, in the database's format, validated. The decision is the one the
 * request asked for and the platform reported (content removed, or the account suspended), on the ground
 * of illegal content under the request's legal basis, category `STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY`
 * with keyword `KEYWORD_TERRORIST_CONTENT`, source `SOURCE_TYPE_OTHER_NOTIFICATION` identified as the
 * issuing authority, and the date of the platform's action. `puid` is the request id and the target's
 * position (`PK25-0001-2`).
 *
 * @throws {RangeError} a request with no action by the platform, or without a legal basis.
 * @throws {StatementOfReasonsError} when the draft does not pass the database's rules (a text too long).
 *
 * @example
 * ```ts
 * import { draftStatementsOfReasons, statementBatches } from "referral-kit/reconcile";
 *
 * const statements = requests.flatMap((request) => draftStatementsOfReasons(request, details));
 * const bodies = statementBatches(statements);
 * ```
 */
export function draftStatementsOfReasons(
  request: ReferralRequest,
  /**
   * What {@link draftStatementsOfReasons} needs beyond the request: what the database requires and a request
   * does not hold.
   */
  details: {
    /** `illegal_content_explanation`: why the content is illegal under the legal basis (max 2000). */
    explanation: string;
    /** `decision_facts`: the facts and circumstances relied on (max 5000). */
    facts: string;
    /** `content_date`: when the target was posted (YYYY-MM-DD); the request only knows when it was captured. */
    contentDate: (target: Target) => string;
    /** `territorial_scope` (EU/EEA codes); left out when not given (the database's validator accepts that). */
    territorialScope?: readonly string[];
    /** `content_language` (upper-case ISO 639-1). */
    language?: string;
  },
): StatementOfReasons[] {
  const actioned = new Set<string>();
  let all = false;
  let appliedAt: string | undefined;
  for (const event of request.events) {
    if (event.type === "actioned" || event.type === "partially-actioned") {
      appliedAt ??= event.at;
      if (event.type === "actioned" && event.targets === undefined) all = true;
      for (const key of event.targets ?? []) actioned.add(key);
    }
  }
  if (appliedAt === undefined) {
    throw new RangeError(
      `request ${request.id}: the platform has not acted on it, so there is no decision to state`,
    );
  }
  if (request.legalBasis === undefined) {
    throw new RangeError(`request ${request.id}: no legal basis to state as the ground`);
  }
  requestState(request);
  const { legalBasis } = request;
  const statements: StatementOfReasons[] = [];
  request.targets.forEach((entry, index) => {
    if (!all && !actioned.has(targetKey(entry.target))) return;
    const { target } = entry;
    const decision =
      request.kind === "suspend" || target.type === "account"
        ? { decision_account: "DECISION_ACCOUNT_SUSPENDED" as const }
        : {
            decision_visibility: [
              request.kind === "restrict-locally"
                ? ("DECISION_VISIBILITY_CONTENT_DISABLED" as const)
                : ("DECISION_VISIBILITY_CONTENT_REMOVED" as const),
            ],
          };
    const contentType = target.type === "content" ? CONTENT_TYPE_OF[target.kind] : undefined;
    const draft: z.input<typeof StatementOfReasons> = {
      puid: `${request.id}-${index + 1}`.replace(/[^a-zA-Z0-9_-]/g, "_"),
      ...decision,
      decision_ground: "DECISION_GROUND_ILLEGAL_CONTENT",
      illegal_content_legal_ground: `${legalBasis.instrument}, ${legalBasis.section}`.slice(0, 500),
      illegal_content_explanation: details.explanation,
      content_type: [contentType ?? "CONTENT_TYPE_OTHER"],
      ...(contentType ? {} : { content_type_other: target.type === "account" ? "account" : target.kind }),
      category: "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
      category_specification: ["KEYWORD_TERRORIST_CONTENT"],
      ...(details.territorialScope ? { territorial_scope: [...details.territorialScope] } : {}),
      ...(details.language ? { content_language: details.language } : {}),
      content_date: details.contentDate(target),
      application_date: new Date(appliedAt!).toISOString().slice(0, 10),
      decision_facts: details.facts,
      source_type: "SOURCE_TYPE_OTHER_NOTIFICATION",
      source_identity: request.issuingAuthority.name.slice(0, 500),
      automated_detection: "No",
      automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED",
    };
    statements.push(validateStatementOfReasons(draft));
  });
  return statements;
}
