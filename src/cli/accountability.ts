import { ValidationError } from "../domain/errors.js";
import { createRolePolicy, type RolePolicy } from "../domain/roles.js";
import type { ProscribedGroupInput } from "../domain/schemas/designation.js";
import { knownGroups } from "../registry/known-groups.js";
import { createRegistry, type GroupRegistry } from "../registry/registry.js";
import { CliInputError, UsageError } from "./command.js";
import type { OptionSpec } from "./define-command.js";
import { readTextFile } from "./input/files.js";
import { messageOf, pathIn } from "./options.js";

// The accountability options of the commands that approve, send and record: which lists designations are
// resolved against, and who may do what.

/** `--registry`: lists to resolve designations against, beside the built-in groups. */
export const REGISTRY_OPTION = {
  type: "string",
  value: "<groups.json>",
  multiple: true,
  help:
    "groups with their designations to resolve the requests' designations against, added to the built-in " +
    "ones: a JSON array of groups, or what `referral-kit import --json` writes; repeatable",
} as const satisfies OptionSpec;

/** `--unit`: scope what a command reads from the store to the requests one unit issued. */
export const UNIT_SCOPE_OPTION = {
  type: "string",
  value: "<unit>",
  help: "only the requests this unit issued (issuingAuthority.unit; read from --store)",
} as const satisfies OptionSpec;

/**
 * The store query for `--unit`, refused without `--store` (a file's rows need not say their unit).
 *
 * @throws {UsageError} `--unit` given with a file instead of the store (exit code 2).
 */
export function unitScope(unit: string | undefined, store: string | undefined): { unit?: string } {
  if (unit === undefined) return {};
  if (store === undefined) throw new UsageError("--unit reads the store's issuing units: give --store");
  return { unit };
}

/** `--roles`: the role policy. */
export const ROLES_OPTION = {
  type: "string",
  value: "<policy.json>",
  help:
    'the role policy, { "actors": { "<id>": "<role>" }, "permissions": { ... } }: an actor without a role, ' +
    "or whose role may not do it, is refused (default: $REFERRAL_KIT_ROLES; none: no role check)",
} as const satisfies OptionSpec;

/**
 * The registry a command resolves designations against: the built-in groups merged with every
 * `--registry` file's (a JSON array of groups, or an object with `groups`, as `import --json` writes).
 *
 * @throws {CliInputError} a file that cannot be read or is not a list of groups (exit code 3).
 */
export async function cliRegistry(
  files: readonly string[] | undefined,
  cwd: string,
  encoding?: string,
): Promise<GroupRegistry> {
  let registry = createRegistry(knownGroups);
  for (const file of files ?? []) {
    const parsed = parseJson(await readTextFile(pathIn(cwd, file), file, encoding), file);
    const groups = Array.isArray(parsed) ? parsed : (parsed as { groups?: unknown } | null)?.groups;
    if (!Array.isArray(groups)) {
      throw new CliInputError("not a list of groups (a JSON array, or an object with groups)", file);
    }
    try {
      registry = registry.merge(groups as ProscribedGroupInput[]).registry;
    } catch (error) {
      throw new CliInputError(describe(error), file);
    }
  }
  return registry;
}

/**
 * The role policy from `--roles` or `$REFERRAL_KIT_ROLES`, or `undefined` when neither is given.
 *
 * @throws {CliInputError} a file that cannot be read or is not a valid policy, with the field (exit code 3).
 */
export async function cliRoles(
  file: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<RolePolicy | undefined> {
  const name = file ?? env.REFERRAL_KIT_ROLES;
  if (name === undefined || name === "") return undefined;
  const parsed = parseJson(await readTextFile(pathIn(cwd, name), name), name);
  try {
    return createRolePolicy(parsed as Parameters<typeof createRolePolicy>[0]);
  } catch (error) {
    throw new CliInputError(describe(error), name);
  }
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`not JSON: ${messageOf(error)}`, name);
  }
}

function describe(error: unknown): string {
  if (ValidationError.isInstance(error)) {
    const issue = error.issues[0];
    return `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? error.message}`;
  }
  return messageOf(error);
}
