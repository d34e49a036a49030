/**
 * The sandbox scenario file: JSON saying how each platform decides (patches over its default scenario,
 * validated by the mock framework's scenario schema), the seed, where the virtual clock starts, and how
 * fast it runs.
 */

import { z } from "zod";
import { KNOWN_PLATFORM_IDS, type KnownPlatformId } from "../../domain/platforms.js";
import {
  applyScenarioPatch,
  type MockScenario,
  MockScenarioSchema,
  OutcomeDetailPatchSchema,
  type ScenarioPatch,
} from "../mock/scenario.js";
import { defaultScenarios } from "../scenarios.js";
import { SandboxScenarioError, type SandboxScenarioIssue } from "./errors.js";

/**
 * What a sandbox scenario file holds. Every field is optional: `{}` is each platform's default
 * (illustrative) scenario. Per platform, `all` is applied first, then `platforms[id]`; a seed in a
 * platform's patch wins over `seed`.
 *
 * @example
 * ```ts
 * const scenario: SandboxScenario = {
 *   name: "x refuses everything at once",
 *   seed: 7,
 *   speed: 3600,
 *   platforms: {
 *     x: { outcomes: { rejected: 1 }, reviewDelay: { distribution: "fixed", ms: 0 }, decisionDelay: { distribution: "fixed", ms: 0 } },
 *   },
 * };
 * ```
 */
export interface SandboxScenario {
  /** For logs. */
  readonly name?: string;
  /** Seeds every platform's decisions (each platform's patch may set its own). */
  readonly seed?: number;
  /**
   * Virtual milliseconds per real millisecond: `3600` makes an hour of platform time pass every second.
   * Absent or `0`: the clocks move only through `POST /__sandbox/advance`.
   */
  readonly speed?: number;
  /** Where every platform's virtual clock starts (epoch ms or ISO 8601; default 2026-01-05T09:00:00Z). */
  readonly startTime?: number | string;
  /** A patch applied to every platform's default scenario. */
  readonly all?: ScenarioPatch;
  /** A patch per platform, applied after `all`. */
  readonly platforms?: Readonly<Partial<Record<KnownPlatformId, ScenarioPatch>>>;
}

const Share = z.number().nonnegative().optional();
// Shares given in part: the missing ones become 0 (see ScenarioPatch); the framework checks the result.
const SharesPatchSchema = z
  .object({
    actioned: Share,
    partiallyActioned: Share,
    rejected: Share,
    needsInformation: Share,
    pending: Share,
  })
  .strict();

// The framework's scenario schema, every field optional, unknown fields refused (a typo must not be ignored).
const ScenarioPatchSchema = MockScenarioSchema.omit({ outcomes: true })
  .partial()
  .extend({ outcomes: SharesPatchSchema.optional(), outcomeDetail: OutcomeDetailPatchSchema.optional() })
  .strict();

const StartTimeSchema = z.union([
  z.number().finite(),
  z.string().refine((value) => Number.isFinite(Date.parse(value)), "not an ISO 8601 time"),
]);

/**
 * Validates a sandbox scenario (the parsed JSON of a scenario file). Unknown fields are errors, so a
 * misspelt field never silently does nothing.
 *
 * @example
 * ```ts
 * SandboxScenarioSchema.safeParse({ speed: -1 }).success; // false
 * ```
 */
export const SandboxScenarioSchema = z
  .object({
    name: z.string().optional(),
    seed: z.number().int().optional(),
    speed: z.number().finite().nonnegative().optional(),
    startTime: StartTimeSchema.optional(),
    all: ScenarioPatchSchema.optional(),
    platforms: z
      .object(Object.fromEntries(KNOWN_PLATFORM_IDS.map((id) => [id, ScenarioPatchSchema.optional()])))
      .strict()
      .optional(),
  })
  .strict();

/**
 * Validates a sandbox scenario and checks that every platform's resulting scenario is valid too (a patch
 * may be well formed and still leave no positive outcome share). Throws {@link SandboxScenarioError} with
 * the path of every problem.
 *
 * @example
 * ```ts
 * const scenario = parseSandboxScenario(JSON.parse(text), "scenario.json");
 * ```
 */
export function parseSandboxScenario(value: unknown, file?: string): SandboxScenario {
  const parsed = SandboxScenarioSchema.safeParse(value);
  if (!parsed.success) {
    throw new SandboxScenarioError({ ...(file ? { file } : {}), issues: zodIssues(parsed.error) });
  }
  const scenario = parsed.data as SandboxScenario;
  const issues: SandboxScenarioIssue[] = [];
  for (const platform of KNOWN_PLATFORM_IDS) {
    try {
      resolvePlatformScenario(scenario, platform);
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      const where = scenario.platforms?.[platform] ? `platforms.${platform}` : "all";
      issues.push(...zodIssues(error, where));
    }
  }
  if (issues.length > 0) throw new SandboxScenarioError({ ...(file ? { file } : {}), issues });
  return scenario;
}

/**
 * Reads and validates a scenario file. A file that cannot be read, is not JSON or does not validate is a
 * {@link SandboxScenarioError} naming the file (and the path of each problem).
 *
 * @example
 * ```ts
 * import { loadSandboxScenario, startSandbox } from "referral-kit/testing";
 *
 * const sandbox = await startSandbox({ port: 4010, scenario: await loadSandboxScenario("scenario.json") });
 * ```
 */
export async function loadSandboxScenario(file: string): Promise<SandboxScenario> {
  // Loaded here, not at the top: importing referral-kit/testing must not need Node built-ins.
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxScenarioError({
      file,
      issues: [{ path: "", message: `cannot read it: ${reason}` }],
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxScenarioError({
      file,
      issues: [{ path: "", message: `not JSON: ${reason}` }],
      cause: error,
    });
  }
  return parseSandboxScenario(json, file);
}

/**
 * The scenario one platform runs under: its default scenario, then `all`, then its own patch; `seed`
 * (when given) replaces the file's seed, a seed in the platform's own patch wins over both.
 */
export function resolvePlatformScenario(
  scenario: SandboxScenario,
  platform: KnownPlatformId,
  seed?: number,
): MockScenario {
  const topSeed = seed ?? scenario.seed;
  let resolved: MockScenario = defaultScenarios[platform];
  if (topSeed !== undefined) resolved = { ...resolved, seed: topSeed };
  if (scenario.all) resolved = applyScenarioPatch(resolved, scenario.all);
  const own = scenario.platforms?.[platform];
  if (own) resolved = applyScenarioPatch(resolved, own);
  if (topSeed !== undefined && own?.seed === undefined) resolved = { ...resolved, seed: topSeed };
  return resolved;
}

function zodIssues(error: z.ZodError, prefix?: string): SandboxScenarioIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== "");
    const keys = issue.code === "unrecognized_keys" ? `: ${issue.keys.join(", ")}` : "";
    return { path: path.join("."), message: `${issue.message}${keys}` };
  });
}
