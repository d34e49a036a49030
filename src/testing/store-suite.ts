/**
 * The request store suite: one set of scenarios every `RequestStore` implementation must pass (the
 * memory, embedded and PostgreSQL stores run it, and so can a third party's). Runner-neutral: the
 * runner's `describe`/`it`/hooks are passed in and assertions use `node:assert`, so it runs under vitest,
 * jest or `node:test`. The cases live in `store-suite/`, one module per part of the port.
 */
import type { RequestStore } from "../dispatch/store/port.js";
import type { TestRunner } from "./runner.js";
import { CLAIM_CASES } from "./store-suite/claim-cases.js";
import { CLOSE_CASES } from "./store-suite/close-cases.js";
import type { StoreCase, StoreCaseContext } from "./store-suite/fixtures.js";
import { REQUEST_CASES } from "./store-suite/request-cases.js";
import { SETTLE_CASES } from "./store-suite/settle-cases.js";

/**
 * Options for {@link runStoreSuite}: how the suite gets stores, and the runner.
 *
 * @example
 * ```ts
 * const options: StoreSuiteOptions = { name: "memory", open: async () => createMemoryStore(), runner };
 * ```
 */
export interface StoreSuiteOptions {
  /** Shown in the suite's name (`RequestStore: <name>`). */
  readonly name: string;
  /** A fresh, empty store for each test. */
  open(): Promise<RequestStore>;
  /** Closes the store and opens the same data again: give it for a durable store, to run the reopen case. */
  reopen?(store: RequestStore): Promise<RequestStore>;
  /** The test runner's functions: `vitestRunner` from `referral-kit/testing/vitest`, or your runner's. */
  readonly runner: TestRunner;
}

/** The cases of the suite, one per rule of the port, in the order they are registered. */
const STORE_CASES: readonly StoreCase[] = [...REQUEST_CASES, ...CLAIM_CASES, ...SETTLE_CASES, ...CLOSE_CASES];

/**
 * Registers the store suite with a test runner: one `describe` for the store, one test per rule of the
 * `RequestStore` port (validation, append-only histories, leases and the outbox, claim order, settling
 * with the `submitted` event in the same step, retries and requeues, cancellation of requests submitted
 * elsewhere, concurrent saves, close, and reopen for durable stores).
 *
 * @example
 * ```ts
 * import { createMemoryStore } from "referral-kit/dispatch";
 * import { runStoreSuite } from "referral-kit/testing";
 * import { vitestRunner } from "referral-kit/testing/vitest";
 *
 * runStoreSuite({ name: "memory", open: async () => createMemoryStore(), runner: vitestRunner });
 * ```
 */
export function runStoreSuite(options: StoreSuiteOptions): void {
  const { name, reopen } = options;
  const { describe, it, beforeEach, afterEach } = options.runner;
  describe(`RequestStore: ${name}`, () => {
    let t: StoreCaseContext;
    beforeEach(async () => {
      t = {
        store: await options.open(),
        open: () => options.open(),
        reopen: (store) => {
          if (!reopen) throw new Error("reopen is only given for durable stores");
          return reopen(store);
        },
      };
    });
    afterEach(async () => {
      await t.store.close();
    });
    for (const storeCase of STORE_CASES) {
      if (storeCase.durable && !reopen) continue;
      it(storeCase.name, () => storeCase.run(t));
    }
  });
}
