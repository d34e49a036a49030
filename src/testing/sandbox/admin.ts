/**
 * The sandbox's admin endpoints, under `/__sandbox`: what tools written in other languages use to read
 * what reached the platforms, move the virtual clocks, inject faults, change scenarios and force states.
 * Plain JSON in and out; every answer is keyed by platform id.
 */
import { z } from "zod";
import type { KnownPlatformId } from "../../domain/platforms.js";
import { DateTime } from "../../domain/schemas/common.js";
import { ActionGround, DeclineReason, OutcomeMeasure, OutcomeScope } from "../../domain/schemas/outcome.js";
import { FAULT_KINDS, type FaultInjection } from "../mock/faults.js";
import type { MockOutcomeDetail } from "../mock/outcome-detail.js";
import { MockScenarioSchema, OutcomeDetailPatchSchema, type ScenarioPatch } from "../mock/scenario.js";
import type { MockTargetOutcome, PlatformMock } from "../mock/types.js";
import {
  type PageOverrides,
  pageTargetKey,
  resolvePage,
  SANDBOX_PAGE_AVAILABILITIES,
  type SandboxPage,
} from "./public-pages.js";

/** The path below which the admin endpoints live. */
export const ADMIN_PREFIX = "/__sandbox";

/** One platform as the admin endpoints see it. */
export interface AdminPlatform {
  readonly id: KnownPlatformId;
  readonly url: string;
  readonly mock: PlatformMock;
  readonly credentials: Readonly<Record<string, string>>;
}

/** What the admin endpoints act on. */
export interface AdminContext {
  readonly url: string;
  readonly speed: number;
  readonly platforms: ReadonlyMap<KnownPlatformId, AdminPlatform>;
  /** Public page overrides (simulated reinstatements, login walls). */
  readonly pages: PageOverrides;
}

/** An admin answer: a status and a JSON body. */
export interface AdminAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A problem with an admin call: answered as `{ error: { code, message, issues? } }`. */
class AdminProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: readonly { path: string; message: string }[],
  ) {
    super(message);
  }
}

const Times = z.union([z.number().int().positive(), z.literal("all")]).optional();
const Target = { platform: z.string(), operation: z.string().min(1).optional(), times: Times };
const Timing = z.enum(["before", "after"]).optional();

const InjectSchema = z.discriminatedUnion("kind", [
  z
    .object({
      ...Target,
      kind: z.literal("rate-limit"),
      retryAfterSeconds: z.number().nonnegative().optional(),
      format: z.enum(["seconds", "http-date"]).optional(),
    })
    .strict(),
  z
    .object({
      ...Target,
      kind: z.literal("server-error"),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
      retryAfterSeconds: z.number().nonnegative().optional(),
      when: Timing,
    })
    .strict(),
  z.object({ ...Target, kind: z.literal("timeout"), when: Timing }).strict(),
  z.object({ ...Target, kind: z.literal("reset"), when: Timing }).strict(),
  z.object({ ...Target, kind: z.literal("malformed-json") }).strict(),
  z.object({ ...Target, kind: z.literal("wrong-shape") }).strict(),
  z.object({ ...Target, kind: z.literal("wrong-content-type") }).strict(),
  z.object({ ...Target, kind: z.literal("expired-token") }).strict(),
  z.object({ ...Target, kind: z.literal("forbidden") }).strict(),
]);

const Share = z.number().nonnegative().optional();
const ScenarioBodySchema = MockScenarioSchema.omit({ outcomes: true })
  .partial()
  .extend({
    platform: z.string().optional(),
    outcomeDetail: OutcomeDetailPatchSchema.optional(),
    outcomes: z
      .object({
        actioned: Share,
        partiallyActioned: Share,
        rejected: Share,
        needsInformation: Share,
        pending: Share,
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * One target of a forced decision, flat as the adapters' `TargetOutcome` is: what the platform did to it
 * (the domain's outcome vocabulary), or only whether it acted. `outcome` follows from `measure` when left
 * out (`no-action`, or a `reasonCode` alone, is a decline).
 */
const ForceTargetSchema = z
  .object({
    key: z.string().min(1),
    outcome: z.enum(["actioned", "rejected", "pending"]).optional(),
    reason: z.string().min(1).optional(),
    measure: OutcomeMeasure.optional(),
    scope: OutcomeScope.optional(),
    ground: ActionGround.optional(),
    until: DateTime.optional(),
    reasonCode: DeclineReason.optional(),
    platformCode: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine(
    (target) =>
      target.outcome !== undefined || target.measure !== undefined || target.reasonCode !== undefined,
    {
      message: "say what happened to the target: outcome, measure or reasonCode",
    },
  );

const ForceSchema = z
  .object({
    platform: z.string(),
    ref: z.string().min(1),
    state: z.string().min(1),
    reason: z.string().optional(),
    /** Every target of the submission once, in any order. */
    targets: z.array(ForceTargetSchema).min(1).optional(),
  })
  .strict();

const PageSchema = z
  .object({
    platform: z.string(),
    /** The page's path below `/public/<platform>` (`/somename`), or the target's public URL. */
    path: z.string().min(1).max(2048),
    /** `null` clears the override: the page follows the platform's decisions again. */
    availability: z.enum(SANDBOX_PAGE_AVAILABILITIES).nullable(),
  })
  .strict();

/** Answers one admin call. `path` is below {@link ADMIN_PREFIX}. */
export function handleAdmin(
  context: AdminContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Buffer,
): AdminAnswer {
  try {
    return route(context, method, path, query, body);
  } catch (error) {
    if (error instanceof AdminProblem) {
      const issues = error.issues ? { issues: error.issues } : {};
      return {
        status: error.status,
        body: { error: { code: error.code, message: error.message, ...issues } },
      };
    }
    // The mock refused (a state it does not have, a bad patch): the caller's mistake, said in its words.
    if (error instanceof RangeError || error instanceof z.ZodError) {
      const message = error instanceof z.ZodError ? z.prettifyError(error) : error.message;
      return { status: 400, body: { error: { code: "bad_request", message } } };
    }
    throw error;
  }
}

function route(
  context: AdminContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Buffer,
): AdminAnswer {
  const endpoint = path.replace(/\/+$/, "") || "/";
  const allow = (wanted: string) => {
    if (method !== wanted) {
      throw new AdminProblem(
        405,
        "method_not_allowed",
        `${method} ${ADMIN_PREFIX}${endpoint}: use ${wanted}`,
      );
    }
  };
  switch (endpoint) {
    case "/":
      allow("GET");
      return { status: 200, body: describe(context) };
    case "/records":
      allow("GET");
      return ok({ records: byPlatform(context, query, (p) => p.mock.records) });
    case "/submissions":
      allow("GET");
      return ok({
        submissions: byPlatform(context, query, (p) =>
          p.mock.submissions().map((submission) => ({ ...submission, view: p.mock.view(submission.ref) })),
        ),
      });
    case "/advance": {
      allow("POST");
      const ms = Number(query.get("ms"));
      if (!query.has("ms") || !Number.isFinite(ms) || ms < 0) {
        throw new AdminProblem(
          400,
          "bad_request",
          "give the time to advance as ?ms=<non-negative milliseconds>",
        );
      }
      for (const platform of selected(context, query)) platform.mock.advance(ms);
      return ok({ now: byPlatform(context, query, (p) => new Date(p.mock.now()).toISOString()) });
    }
    case "/reset":
      allow("POST");
      for (const platform of selected(context, query)) {
        platform.mock.reset();
        context.pages.clear(platform.id);
      }
      return ok({ reset: selected(context, query).map((p) => p.id) });
    case "/inject": {
      allow("POST");
      const input = parseJson(body, InjectSchema);
      const platform = one(context, input.platform);
      const { platform: _platform, times, ...rest } = input;
      // A misspelt operation would never match a call and the fault would silently never fire.
      if (
        rest.operation !== undefined &&
        rest.operation !== "any" &&
        !platform.mock.operations.includes(rest.operation)
      ) {
        throw new AdminProblem(
          400,
          "bad_request",
          `${platform.id} has no operation ${JSON.stringify(rest.operation)}; it has ${platform.mock.operations.join(", ")} (or "any")`,
        );
      }
      const fault = {
        ...rest,
        ...(times === undefined ? {} : { times: times === "all" ? Infinity : times }),
      };
      platform.mock.inject(fault as FaultInjection);
      return ok({ pending: { [platform.id]: platform.mock.pendingInjections() } });
    }
    case "/scenario": {
      allow("POST");
      const { platform: id, ...patch } = parseJson(body, ScenarioBodySchema);
      const platforms = id === undefined ? [...context.platforms.values()] : [one(context, id)];
      for (const platform of platforms) platform.mock.setScenario(patch as ScenarioPatch);
      return ok({ scenario: Object.fromEntries(platforms.map((p) => [p.id, p.mock.scenario])) });
    }
    case "/force": {
      allow("POST");
      const input = parseJson(body, ForceSchema);
      const platform = one(context, input.platform);
      const targets = input.targets && forcedTargets(platform, input.ref, input.state, input.targets);
      platform.mock.force(input.ref, input.state, {
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        ...(targets ? { targets } : {}),
      });
      return ok({ view: { [platform.id]: platform.mock.view(input.ref) } });
    }
    case "/page": {
      if (method === "GET") {
        const platform = one(context, query.get("platform") ?? "");
        return ok({ page: pageOf(context, platform, query.get("path") ?? "") });
      }
      allow("POST");
      const input = parseJson(body, PageSchema);
      const platform = one(context, input.platform);
      const found = pageOf(context, platform, input.path);
      context.pages.set(platform.id, found.key, input.availability);
      return ok({ page: pageOf(context, platform, input.path) });
    }
    default:
      throw new AdminProblem(
        404,
        "not_found",
        `no admin endpoint ${ADMIN_PREFIX}${endpoint}; see GET ${ADMIN_PREFIX} for the list`,
      );
  }
}

const ok = (body: unknown): AdminAnswer => ({ status: 200, body });

/** The endpoints, for `GET /__sandbox` (a tool can discover them). */
const ENDPOINTS = [
  "GET /__sandbox",
  "GET /__sandbox/records[?platform=<id>]",
  "GET /__sandbox/submissions[?platform=<id>]",
  "POST /__sandbox/advance?ms=<ms>[&platform=<id>]",
  "POST /__sandbox/reset[?platform=<id>]",
  "POST /__sandbox/inject {platform, kind, operation?, times?, ...}",
  "POST /__sandbox/scenario {platform?, ...scenario patch}",
  "POST /__sandbox/force {platform, ref, state, reason?, targets?: [{key, outcome?, reason?, measure?, scope?, ground?, until?, reasonCode?, platformCode?}]}",
  "GET /__sandbox/page?platform=<id>&path=<path>",
  "POST /__sandbox/page {platform, path, availability}",
];

/**
 * The forced targets as the mock holds them: one per target of the submission, in its order (the
 * platforms render them by position), each consistent with the state and with what the platform can say.
 * Checked here so a mistake is a 400 naming it, never a state no adapter could read.
 */
function forcedTargets(
  platform: AdminPlatform,
  ref: string,
  state: string,
  given: readonly z.output<typeof ForceTargetSchema>[],
): MockTargetOutcome[] {
  const submission = platform.mock.submission(ref);
  if (!submission) throw new RangeError(`the ${platform.id} mock has no submission ${ref}`);
  const keys = submission.targets.map((target) => target.key);
  const byKey = new Map<string, z.output<typeof ForceTargetSchema>>();
  for (const target of given) {
    if (!keys.includes(target.key)) {
      throw new AdminProblem(
        400,
        "bad_request",
        `${ref} has no target ${JSON.stringify(target.key)}; its targets: ${keys.join(", ")}`,
      );
    }
    if (byKey.has(target.key))
      throw new AdminProblem(400, "bad_request", `target ${target.key} is given twice`);
    byKey.set(target.key, target);
  }
  const missing = keys.filter((key) => !byKey.has(key));
  if (missing.length > 0) {
    throw new AdminProblem(
      400,
      "bad_request",
      `give every target of ${ref} (missing: ${missing.join(", ")})`,
    );
  }
  const now = platform.mock.now();
  const targets = keys.map((key): MockTargetOutcome => {
    const target = byKey.get(key)!;
    const measure = target.measure ?? (target.reasonCode !== undefined ? "no-action" : undefined);
    const outcome = target.outcome ?? (measure === "no-action" ? "rejected" : "actioned");
    if (target.until !== undefined && Date.parse(target.until) <= now) {
      throw new AdminProblem(
        400,
        "bad_request",
        `target ${key}: until ${target.until} is not after the platform's time ${new Date(now).toISOString()}`,
      );
    }
    if (target.until !== undefined && Date.parse(target.until) % 1000 !== 0) {
      // Some wires carry epoch seconds: a fraction would not survive the trip, and the suite would see a loss.
      throw new AdminProblem(
        400,
        "bad_request",
        `target ${key}: until is in whole seconds (every platform's wire can carry those)`,
      );
    }
    const described =
      measure !== undefined || ["scope", "ground", "until", "platformCode"].some((f) => f in target);
    if (described && measure === undefined) {
      throw new AdminProblem(
        400,
        "bad_request",
        `target ${key}: scope, ground, until and platformCode describe a measure; give measure`,
      );
    }
    const detail: MockOutcomeDetail | undefined =
      measure === undefined
        ? undefined
        : {
            measure,
            ...(target.scope === undefined ? {} : { scope: target.scope }),
            ...(target.ground === undefined ? {} : { ground: target.ground }),
            ...(target.until === undefined ? {} : { until: new Date(target.until).toISOString() }),
            ...(target.reasonCode === undefined ? {} : { reasonCode: target.reasonCode }),
            ...(target.platformCode === undefined ? {} : { platformCode: target.platformCode }),
          };
    return {
      key,
      outcome,
      ...(target.reason === undefined ? {} : { reason: target.reason }),
      ...(detail ? { detail } : {}),
    };
  });
  const decided = platform.mock.states[state]?.outcome;
  const has = (outcome: MockTargetOutcome["outcome"]) => targets.some((target) => target.outcome === outcome);
  if (decided === "rejected" && has("actioned")) {
    throw new AdminProblem(
      400,
      "bad_request",
      `${state} is a rejection: its targets are declined or pending, not actioned`,
    );
  }
  if ((decided === "actioned" || decided === "partially-actioned") && !has("actioned")) {
    throw new AdminProblem(400, "bad_request", `${state} is an action: at least one target is actioned`);
  }
  return targets;
}

/** A page as the admin endpoint shows it; the bare root is refused. */
function pageOf(context: AdminContext, platform: AdminPlatform, path: string): SandboxPage {
  const key = path === "" ? undefined : pageTargetKey(platform.id, path);
  if (key === undefined) {
    throw new AdminProblem(
      400,
      "bad_request",
      `give the page as its path below /public/${platform.id} (the path of the target's canonical URL, e.g. /somename) or as the URL itself; ${JSON.stringify(path)} is not one`,
    );
  }
  return resolvePage(platform.id, key, platform.mock, context.pages);
}

function describe(context: AdminContext) {
  return {
    url: context.url,
    speed: context.speed,
    faultKinds: FAULT_KINDS,
    endpoints: ENDPOINTS,
    platforms: Object.fromEntries(
      [...context.platforms.values()].map((p) => [
        p.id,
        {
          url: p.url,
          credentials: p.credentials,
          now: new Date(p.mock.now()).toISOString(),
          operations: p.mock.operations,
          states: p.mock.states,
          supports: p.mock.supports,
          scenario: p.mock.scenario,
        },
      ]),
    ),
  };
}

function one(context: AdminContext, id: string): AdminPlatform {
  const platform = context.platforms.get(id as KnownPlatformId);
  if (!platform) {
    const served = [...context.platforms.keys()].join(", ");
    throw new AdminProblem(
      404,
      "unknown_platform",
      `this sandbox serves no platform ${JSON.stringify(id)}; it serves ${served}`,
    );
  }
  return platform;
}

function selected(context: AdminContext, query: URLSearchParams): AdminPlatform[] {
  const id = query.get("platform");
  return id === null ? [...context.platforms.values()] : [one(context, id)];
}

function byPlatform<T>(
  context: AdminContext,
  query: URLSearchParams,
  read: (platform: AdminPlatform) => T,
): Record<string, T> {
  return Object.fromEntries(selected(context, query).map((p) => [p.id, read(p)]));
}

function parseJson<S extends z.ZodType>(body: Buffer, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8") || "null");
  } catch (error) {
    throw new AdminProblem(400, "bad_request", `the body is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    const first = issues[0];
    throw new AdminProblem(
      400,
      "bad_request",
      `invalid body${first?.path ? ` at ${first.path}` : ""}: ${first?.message ?? "unknown problem"}`,
      issues,
    );
  }
  return parsed.data;
}
