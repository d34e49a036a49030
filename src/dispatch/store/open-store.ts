import { createMemoryStore } from "./memory-store.js";
import { openPgliteStore } from "./pglite-store.js";
import type { RequestStore } from "./port.js";
import { openPostgresStore } from "./postgres-store.js";

/**
 * Opens a store from one string, as the CLI's `--store` takes it: a `postgres://` or `postgresql://` URL
 * (the PostgreSQL store), `memory:` (in memory, gone at exit), or a directory path (the embedded store,
 * created when missing).
 *
 * @throws {StoreError} see {@link openPgliteStore} and {@link openPostgresStore}.
 *
 * @example
 * ```ts
 * import { openStore } from "referral-kit/dispatch";
 *
 * const store = await openStore(process.env.REFERRAL_KIT_STORE ?? "./referrals.store");
 * ```
 */
export async function openStore(location: string): Promise<RequestStore> {
  if (/^postgres(ql)?:\/\//i.test(location)) return openPostgresStore({ connectionString: location });
  if (location === "memory:" || location === ":memory:") return createMemoryStore();
  return openPgliteStore({ path: location });
}
