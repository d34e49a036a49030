/**
 * The Acme mock of docs/testing-adapters.md, exactly as documented (read from the page), passes the whole
 * conformance suite with a small adapter written against it: what the page teaches works.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RequestKind, targetKey } from "referral-kit";
import {
  bearerToken,
  createHttpClient,
  defineAdapter,
  type PlatformErrorParser,
  type ReportingAdapter,
  type StatusOutcome,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import type { PlatformMock } from "referral-kit/testing";
import { runAdapterConformance } from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
import { z } from "zod";

/** The documented mock, written out of the page's first TypeScript block. */
function documentedMockModule(): string {
  const page = readFileSync(join(process.cwd(), "docs/testing-adapters.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(page);
  if (!block?.[1]?.includes("export function createAcmeMock"))
    throw new Error("no Acme mock block in the page");
  const dir = join(process.cwd(), ".tmp", "acme-mock");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "acme-mock.ts");
  // The page imports the package's doors; outside the test folders they resolve to the sources here.
  const code = block[1].replace(/from "referral-kit\/([a-z]+)"/g, (_, door: string) => {
    return `from ${JSON.stringify(join(process.cwd(), "src", door, "index.ts"))}`;
  });
  writeFileSync(file, code);
  return pathToFileURL(file).href;
}

const { createAcmeMock } = (await import(documentedMockModule())) as {
  createAcmeMock(options?: { token?: string }): PlatformMock;
};

const STATES: Readonly<Record<string, StatusOutcome>> = {
  OPEN: "pending",
  REVIEWING: "acknowledged",
  NEEDS_INFO: "needs-information",
  DONE: "actioned",
  PARTIAL: "partially-actioned",
  REFUSED: "rejected",
};

const StatusSchema = z.object({
  id: z.string(),
  state: z.string(),
  reason: z.string().nullish(),
  updated: z.string(),
  accounts: z.array(z.object({ account: z.string(), outcome: z.string() })).default([]),
});

const parseError: PlatformErrorParser = ({ json }) => {
  const parsed = z.object({ error: z.object({ type: z.string(), message: z.string() }) }).safeParse(json);
  return parsed.success ? { code: parsed.data.error.type, message: parsed.data.error.message } : undefined;
};

/** A minimal adapter for the documented Acme protocol: suspend accounts by username, poll the status. */
function createAcmeAdapter(config: {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  retry?: { baseDelayMs?: number };
}): ReportingAdapter {
  const client = createHttpClient({
    platform: "acme",
    baseUrl: config.baseUrl,
    auth: bearerToken(config.token),
    idempotencyHeader: "x-acme-request-key",
    parseErrorBody: parseError,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.retry ? { retry: config.retry } : {}),
  });
  const kinds: RequestKind[] = ["suspend"];
  return defineAdapter({
    platform: "acme",
    capabilities: {
      requestKinds: kinds,
      targetTypes: ["account"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: 5,
      rateLimits: [],
    },
    async submit({ targets }, { idempotencyKey, signal }) {
      const accounts = targets.map(({ target }) => {
        if (target.type !== "account" || target.account.kind !== "username") {
          throw new UnsupportedCapabilityError({
            platform: "acme",
            capability: "targetType",
            requested: target.type,
            supported: ["account by username"],
          });
        }
        return target.account.username;
      });
      const created = await client.postJson("/reports", { accounts }, z.object({ id: z.string() }), {
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      return {
        platformRef: created.id,
        acceptedAt: new Date().toISOString(),
        targets: targets.map(({ target }) => ({ key: targetKey(target), status: "accepted" as const })),
      };
    },
    async getStatus({ platformRef }, { signal }) {
      const status = await client.getJson(`/reports/${encodeURIComponent(platformRef)}`, StatusSchema, {
        ...(signal ? { signal } : {}),
      });
      const outcome = STATES[status.state] ?? "pending";
      const at = new Date(status.updated).toISOString();
      const base = { platformRef, at, platformState: status.state };
      const targets = status.accounts.map((entry) => ({
        key: `acme:${entry.account}`,
        outcome:
          entry.outcome === "actioned"
            ? ("actioned" as const)
            : entry.outcome === "rejected"
              ? ("rejected" as const)
              : ("pending" as const),
      }));
      switch (outcome) {
        case "rejected":
          return { ...base, outcome, reason: status.reason ?? "refused" };
        case "needs-information":
          return { ...base, outcome, reason: status.reason ?? "more information needed" };
        case "partially-actioned":
          return { ...base, outcome, targets };
        case "actioned":
          return { ...base, outcome, targets };
        case "withdrawn":
          return { ...base, outcome, reason: status.reason ?? "withdrawn" };
        case "pending":
        case "acknowledged":
          return { ...base, outcome };
      }
    },
  });
}

runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createAcmeAdapter({ baseUrl, timeoutMs, token: "acme-test-token", retry: { baseDelayMs: 20 } }),
  mock: createAcmeMock(),
  secrets: ["acme-test-token"],
});
