import { abortSecretCases } from "./cases/abort-secrets.js";
import { capabilityCases } from "./cases/capabilities.js";
import { disclosureCases } from "./cases/disclosure.js";
import { idempotencyCases } from "./cases/idempotency.js";
import { inputCases } from "./cases/input.js";
import { outcomeCases } from "./cases/outcomes.js";
import { retryErrorCases } from "./cases/retry-errors.js";
import type { CaseSpec } from "./cases/spec.js";
import { submitStatusCases } from "./cases/submit-status.js";
import { type ConformanceCase, type ConformanceOptions, type ConformanceSettings, createKit } from "./kit.js";

const ALL_CASES: readonly CaseSpec[] = [
  ...capabilityCases,
  ...submitStatusCases,
  ...outcomeCases,
  ...disclosureCases,
  ...inputCases,
  ...idempotencyCases,
  ...retryErrorCases,
  ...abortSecretCases,
];

/**
 * The names of every conformance case, in order. Names are stable: meta-tests and skip lists use them.
 *
 * @example
 * ```ts
 * CONFORMANCE_CASE_NAMES.filter((name) => name.startsWith("idempotency:"));
 * ```
 */
export const CONFORMANCE_CASE_NAMES: readonly string[] = Object.freeze(ALL_CASES.map((c) => c.name));

/**
 * The conformance suite as plain data: one case per contract rule, each with `run()` that builds a fresh
 * adapter, resets the mock and throws when the adapter breaks the rule. Runner-neutral: run the cases
 * with a test runner (`runAdapterConformance`) or without one (`runConformanceCases`), the two public
 * ways in. The mock's handlers must be installed in an msw server while cases run.
 *
 * Cases for capabilities the adapter does not declare are skipped (`skip` says why); what it does not
 * declare is checked to fail with `UnsupportedCapabilityError` before any HTTP.
 *
 * @example
 * ```ts
 * const cases = defineConformanceCases({ createAdapter, mock, secrets: [token] });
 * console.log(cases.filter((c) => c.skip !== undefined).map((c) => `${c.name}: ${c.skip}`));
 * ```
 */
export function defineConformanceCases(options: ConformanceOptions): ConformanceCase[] {
  const settings: ConformanceSettings = {
    baseUrl: options.mock.baseUrl,
    timeoutMs: options.timeoutMs ?? 250,
  };
  // One adapter up front, to read what it declares (creating one sends nothing).
  const { capabilities } = options.createAdapter(settings);
  for (const name of Object.keys(options.skipCases ?? {})) {
    if (!CONFORMANCE_CASE_NAMES.includes(name))
      throw new RangeError(`skipCases names no conformance case: ${JSON.stringify(name)}`);
  }
  return ALL_CASES.map((spec) => {
    const group = spec.name.slice(0, spec.name.indexOf(":"));
    return {
      name: spec.name,
      group,
      skip: options.skipCases?.[spec.name] ?? spec.skipUnless?.({ capabilities, mock: options.mock }),
      timeoutMs: spec.timeoutMs ?? (options.settleMs ?? 30_000) * 2,
      async run() {
        options.mock.reset();
        const adapter = options.createAdapter(settings);
        try {
          await spec.run(createKit(options, adapter));
        } finally {
          // Releases calls a timeout fault left hanging, so nothing leaks into the next case.
          options.mock.reset();
        }
      },
    };
  });
}
