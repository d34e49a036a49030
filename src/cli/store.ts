import { readdirSync, statSync } from "node:fs";
import { StoreError } from "../dispatch/errors.js";
import { openStore } from "../dispatch/store/open-store.js";
import type { RequestStore } from "../dispatch/store/port.js";
import { CliInputError } from "./command.js";
import { messageOf, storeLocation } from "./options.js";

/**
 * Opens the request store a command names. Only a store that exists is opened, unless `create` is true
 * (`dispatch --create`): a mistyped `--store` directory must fail loudly, not become a new empty store
 * on which every later command reports success on nothing. Every failure is a {@link CliInputError}
 * (exit code 3) naming the store and the store error's code.
 *
 * A PostgreSQL URL is opened as given: the database must exist; its tables are created on first use.
 *
 * @example
 * ```ts
 * const store = await openCliStore(values.store ?? io.env.REFERRAL_KIT_STORE, io.cwd);
 * ```
 */
export async function openCliStore(
  location: string,
  cwd: string,
  options: { create?: boolean } = {},
): Promise<RequestStore> {
  const where = storeLocation(location, cwd);
  if (!where.includes("://") && where !== "memory:" && where !== ":memory:" && !options.create) {
    const missing = isMissingOrEmpty(where);
    if (missing) {
      throw new CliInputError(
        `no store at ${where} (${missing}); check --store, or create one with ` +
          "`referral-kit dispatch <requests.jsonl> --store <path> --create`",
      );
    }
  }
  try {
    return await openStore(where);
  } catch (error) {
    const code = StoreError.isInstance(error) ? `${error.code}: ` : "";
    throw new CliInputError(`cannot open the store: ${code}${messageOf(error)}`);
  }
}

/** Why a directory is not a store yet (`undefined` when something is there for the store to judge). */
function isMissingOrEmpty(path: string): string | undefined {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return "nothing there";
  }
  if (!isDirectory) return undefined;
  return readdirSync(path).length === 0 ? "an empty directory" : undefined;
}
