import { requestState } from "../../domain/lifecycle.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { safeParseTarget } from "../../domain/targets/parse-target.js";
import type { Target } from "../../domain/targets/target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { EU_MEMBER_STATES } from "./enumerations.js";
import type { StatementRecord } from "./read.js";
import type { StatementOfReasons } from "./schema.js";

/** Internal name of a type the public signatures write out. */
export type MatchStatementsOptions = NonNullable<Parameters<typeof matchStatements>[2]>;

/** Internal name of a type the public signatures write out. */
export type StatementDisagreement = StatementMatch["disagreements"][number];

/** A request's target paired with a statement of reasons (one of `StatementMatchResult["matches"]`). */
export type StatementMatch = StatementMatchResult["matches"][number];

/**
 * What {@link matchStatements} returns.
 *
 * @example
 * ```ts
 * const { matches, unmatchedRequests, unmatchedStatements, outsideWindow } = matchStatements(requests, statements);
 * ```
 */
export interface StatementMatchResult {
  /**
   * Each request's target paired with a statement of reasons.
   *
   * @example
   * ```ts
   * for (const match of result.matches) console.log(match.requestId, match.target, match.puid, match.disagreements);
   * ```
   */
  matches: {
    requestId: string;
    /** The target's canonical key (`targetKey`). */
    target: string;
    /** The statement's position in the input, its puid, and its line when it was read from a file. */
    statementIndex: number;
    puid: string;
    line?: number;
    /** How they were paired: the statement's puid is the target's id, a link in the statement is the target, or `identify`. */
    by: "puid" | "url" | "identify";
    /** Days from the request's submission to the statement's application date. */
    days: number;
    /** True when the statement's category or keywords say public security or terrorist content. */
    terroristCategory: boolean;
    /**
     * One disagreement of a matched statement, with its plain explanation.
     */
    disagreements: {
      /**
       * Why a matched statement disagrees with what the platform told the agency, or how it differs from what
       * was asked. Stable codes:
       *
       * - `territorial-restriction`: the platform answered "actioned" to a request to remove or suspend, and the
       *   statement restricts in some member states only;
       * - `lesser-measure`: answered "actioned" to a removal, and the statement records only a demotion, label,
       *   age or interaction restriction;
       * - `no-account-action`: answered "actioned" to a suspension, and the statement records no account or
       *   service measure;
       * - `temporary`: answered "actioned", and the statement's restriction has an end date;
       * - `rejected-but-restricted`: the platform rejected the request, and the statement records a restriction;
       * - `undisclosed-decision`: the agency has no answer (pending or withdrawn), and the statement records a decision;
       * - `own-initiative`: the statement says the platform acted on its own initiative, not on a notice;
       * - `terms-not-law`: the request relied on the law, and the statement gives the platform's terms as the ground.
       */
      code:
        | "territorial-restriction"
        | "lesser-measure"
        | "no-account-action"
        | "temporary"
        | "rejected-but-restricted"
        | "undisclosed-decision"
        | "own-initiative"
        | "terms-not-law";
      message: string;
    }[];
  }[];
  /** Submitted requests with targets that no statement was paired with (listed by target key). */
  unmatchedRequests: Array<{ requestId: string; targets: string[] }>;
  /** Statements (by position) paired with no request. */
  unmatchedStatements: number[];
  /** Pairs by identifier whose dates fall outside the window: not matched, listed so they are not lost. */
  outsideWindow: Array<{ requestId: string; target: string; statementIndex: number; days: number }>;
  /** Requests whose history cannot be folded (an illegal transition): not matched, with the reason. */
  invalidRequests: Array<{ requestId: string; reason: string }>;
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  tiktok: "tiktok",
  facebook: "facebook",
  instagram: "instagram",
  x: "x",
  twitter: "x",
  whatsapp: "whatsapp",
  telegram: "telegram",
  youtube: "youtube",
};

const REMOVING = new Set(["DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED"]);
const URL_PATTERN = /https?:\/\/[^\s"'<>)]+/g;
const DAY = 86_400_000;

/**
 * Pairs the agency's requests with DSA statements of reasons, target by target: by the statement's `puid`
 * being the target's platform id (a content id, an account id or username) on the same platform, by a link
 * in the statement's texts that is the target (compared by `targetKey`, so `twitter.com` and `x.com` links
 * agree), or by `identify`; and by time: the statement's application date from the day of submission to
 * `windowDays` after. It reports requests with no statement, statements with no request, and statements
 * that disagree with what the platform told the agency (see the `disagreements` of `StatementMatchResult["matches"]`): for
 * example a restriction limited to some countries where the platform answered "actioned". Nothing is
 * guessed: an identifier either is the target or it is not.
 *
 * @throws {RangeError} a `windowDays` that is not a whole number of days from 0.
 *
 * @example
 * ```ts
 * import { matchStatements, readStatementsOfReasons } from "referral-kit/reconcile";
 *
 * const statements = [];
 * for await (const record of readStatementsOfReasons("statements.jsonl")) statements.push(record);
 * const result = matchStatements(requests, statements, { platform: "tiktok" });
 * for (const match of result.matches) if (match.disagreements.length > 0) console.log(match.requestId, match.disagreements);
 * ```
 */
export function matchStatements(
  requests: Iterable<ReferralRequest>,
  statements: Iterable<StatementRecord | StatementOfReasons>,
  /**
   * Options of {@link matchStatements}.
   */
  options: {
    /** Days after submission a statement's application date may fall (inclusive). Default 30. */
    windowDays?: number;
    /**
     * The platform the statements come from, when their `platform_name` does not say (statements posted by
     * a platform carry none). Matching by puid needs the platform; matching by link does not.
     */
    platform?: string;
    /** Only statements of these `source_type`s (e.g. `SOURCE_TYPE_OTHER_NOTIFICATION`). */
    sourceTypes?: readonly string[];
    /** Only statements of these categories (`category` or `category_addition`). */
    categories?: readonly string[];
    /** Only statements with one of these keywords (`category_specification`). */
    keywords?: readonly string[];
    /** More identifiers of a statement (target keys or platform ids), for a platform's own puid scheme. */
    identify?: (statement: StatementOfReasons, server: Readonly<Record<string, string>>) => readonly string[];
  } = {},
): StatementMatchResult {
  const windowDays = options.windowDays ?? 30;
  if (!Number.isInteger(windowDays) || windowDays < 0) {
    throw new RangeError(`windowDays ${windowDays} is not a whole number of days from 0`);
  }
  // Index the statements by every identifier they carry.
  const byId = new Map<string, Array<{ index: number; by: StatementMatch["by"] }>>();
  const list: Array<{
    statement: StatementOfReasons;
    server: Readonly<Record<string, string>>;
    line?: number;
  }> = [];
  let index = 0;
  for (const item of statements) {
    const record = "statement" in item ? item : { statement: item, server: {} };
    const { statement, server } = record;
    list.push({ statement, server, ...("line" in record ? { line: record.line } : {}) });
    const position = index++;
    if (!keep(statement, options)) continue;
    const platform = statementPlatform(server, options);
    const add = (key: string, by: StatementMatch["by"]) => {
      let entries = byId.get(key);
      if (entries === undefined) {
        entries = [];
        byId.set(key, entries);
      }
      if (!entries.some((entry) => entry.index === position)) entries.push({ index: position, by });
    };
    if (platform !== undefined) add(`${platform}\u0000${statement.puid}`, "puid");
    for (const url of urlsOf(statement, server)) {
      const parsed = safeParseTarget(url);
      if (parsed.success) add(targetKey(parsed.data), "url");
    }
    for (const id of options.identify?.(statement, server) ?? []) {
      add(id, "identify");
      if (platform !== undefined) add(`${platform}\u0000${id}`, "identify");
    }
  }

  const result: StatementMatchResult = {
    matches: [],
    unmatchedRequests: [],
    unmatchedStatements: [],
    outsideWindow: [],
    invalidRequests: [],
  };
  const matched = new Set<number>();
  for (const request of requests) {
    const state = stateOf(request);
    if (typeof state === "string") {
      result.invalidRequests.push({ requestId: request.id, reason: state });
      continue;
    }
    if (state.submittedAt === undefined) continue;
    const submittedDay = Math.floor(Date.parse(state.submittedAt) / DAY);
    const missing: string[] = [];
    for (const { target } of request.targets) {
      const key = targetKey(target);
      const candidates = [key, ...platformIds(target).map((id) => `${request.platform}\u0000${id}`)].flatMap(
        (id) => byId.get(id) ?? [],
      );
      let found = false;
      for (const candidate of candidates) {
        const { statement, line } = list[candidate.index]!;
        const days = Math.floor(Date.parse(`${statement.application_date}T00:00:00Z`) / DAY) - submittedDay;
        if (days < 0 || days > windowDays) {
          result.outsideWindow.push({
            requestId: request.id,
            target: key,
            statementIndex: candidate.index,
            days,
          });
          continue;
        }
        found = true;
        matched.add(candidate.index);
        result.matches.push({
          requestId: request.id,
          target: key,
          statementIndex: candidate.index,
          puid: statement.puid,
          ...(line === undefined ? {} : { line }),
          by: candidate.by,
          days,
          terroristCategory:
            statement.category === "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY" ||
            (statement.category_specification ?? []).includes("KEYWORD_TERRORIST_CONTENT"),
          disagreements: disagreements(request, state.outcome, target, statement),
        });
      }
      if (!found) missing.push(key);
    }
    if (missing.length > 0) result.unmatchedRequests.push({ requestId: request.id, targets: missing });
  }
  for (let position = 0; position < list.length; position++) {
    if (!matched.has(position)) result.unmatchedStatements.push(position);
  }
  return result;
}

function disagreements(
  request: ReferralRequest,
  outcome: string,
  target: Target,
  statement: StatementOfReasons,
): StatementDisagreement[] {
  const found: StatementDisagreement[] = [];
  const visibility = statement.decision_visibility ?? [];
  const restricts =
    visibility.length > 0 ||
    !!statement.decision_account ||
    !!statement.decision_provision ||
    !!statement.decision_monetary;
  const actioned = outcome === "actioned" || outcome === "partially-actioned";
  if (actioned && request.kind !== "restrict-locally") {
    const scope = statement.territorial_scope ?? [];
    const inEu = EU_MEMBER_STATES.filter((code) => scope.includes(code));
    if (scope.length > 0 && inEu.length < EU_MEMBER_STATES.length) {
      found.push({
        code: "territorial-restriction",
        message: `the platform answered ${outcome}, but the statement restricts in ${inEu.length} of the ${EU_MEMBER_STATES.length} member states only (${scope.join(", ")})`,
      });
    }
    if (
      request.kind === "remove-content" &&
      target.type === "content" &&
      visibility.length > 0 &&
      !visibility.some((code) => REMOVING.has(code)) &&
      !statement.decision_account
    ) {
      found.push({
        code: "lesser-measure",
        message: `the platform answered ${outcome} to a removal, but the statement records only ${visibility.join(", ")}`,
      });
    }
    if (request.kind === "suspend" && !statement.decision_account && !statement.decision_provision) {
      found.push({
        code: "no-account-action",
        message: `the platform answered ${outcome} to a suspension, but the statement records no account or service measure`,
      });
    }
    const ends = [
      statement.end_date_visibility_restriction,
      statement.end_date_account_restriction,
      statement.end_date_service_restriction,
    ].filter((end): end is string => typeof end === "string");
    if (ends.length > 0) {
      found.push({
        code: "temporary",
        message: `the platform answered ${outcome}, but the statement's restriction ends on ${ends.sort()[0]}`,
      });
    }
  }
  if (outcome === "rejected" && restricts) {
    found.push({
      code: "rejected-but-restricted",
      message: "the platform rejected the request, but the statement records a restriction",
    });
  }
  if ((outcome === "pending" || outcome === "withdrawn") && restricts) {
    found.push({
      code: "undisclosed-decision",
      message: `the agency has no decision (the request is ${outcome}), but the statement records one applied on ${statement.application_date}`,
    });
  }
  if (statement.source_type === "SOURCE_VOLUNTARY") {
    found.push({
      code: "own-initiative",
      message: "the statement says the platform acted on its own initiative, not on the agency's request",
    });
  }
  if (request.legalBasis && statement.decision_ground === "DECISION_GROUND_INCOMPATIBLE_CONTENT") {
    found.push({
      code: "terms-not-law",
      message: `the request relied on ${request.legalBasis.instrument}; the statement gives the platform's terms as the ground`,
    });
  }
  return found;
}

function keep(statement: StatementOfReasons, options: MatchStatementsOptions): boolean {
  if (options.sourceTypes && !options.sourceTypes.includes(statement.source_type)) return false;
  if (
    options.categories &&
    !options.categories.includes(statement.category) &&
    !(statement.category_addition ?? []).some((category) => options.categories!.includes(category))
  ) {
    return false;
  }
  if (
    options.keywords &&
    !(statement.category_specification ?? []).some((keyword) => options.keywords!.includes(keyword))
  ) {
    return false;
  }
  return true;
}

function statementPlatform(
  server: Readonly<Record<string, string>>,
  options: MatchStatementsOptions,
): string | undefined {
  const name = server.platform_name?.trim().toLowerCase();
  if (name !== undefined && PLATFORM_NAMES[name] !== undefined) return PLATFORM_NAMES[name];
  return options.platform;
}

function urlsOf(statement: StatementOfReasons, server: Readonly<Record<string, string>>): string[] {
  const texts = [
    statement.decision_facts,
    statement.illegal_content_explanation,
    statement.incompatible_content_explanation,
    server.permalink,
  ];
  return texts.flatMap((text) => (typeof text === "string" ? (text.match(URL_PATTERN) ?? []) : []));
}

/** The ids a platform may use as a statement's puid for a target: the content id, or the account's id or name. */
function platformIds(target: Target): string[] {
  if (target.type === "content") return [target.id];
  const { account } = target;
  switch (account.kind) {
    case "username":
      return [account.username];
    case "numeric-id":
      return [account.id];
    case "phone":
      return [account.phone];
    default:
      return [account.code];
  }
}

function stateOf(request: ReferralRequest): ReturnType<typeof requestState> | string {
  try {
    return requestState(request);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
