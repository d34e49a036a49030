/**
 * `referral-kit published` and `referral-kit reconcile` on the real files. Published values name their lines;
 * the ledger is the synthetic examples/pakistan-2025 CSV (78 TikTok requests in 2025-H1, counted with awk),
 * or domain requests in a JSON Lines file and in a store.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH } from "../../examples/pakistan-2025/generate.js";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { approved, makeRequest, submitted, withEvents } from "../support/requests.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

let root: string;
let tiktok: string;
let google: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rk-reconcile-cli-"));
  if (skipSharedFixtures) return;
  tiktok = sharedFixture("platform-reports/tiktok-government-removal-requests.csv");
  google = sharedFixture("platform-reports/google-government-removal-requests.csv");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const run = memoryIo({ cwd: root });
  const code = await runCli(args, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe("referral-kit published", () => {
  it("refuses a wrong command line with exit 2", async () => {
    expect((await cli("published")).code).toBe(2);
    expect((await cli("published", "a.csv", "--period", "H1 2025")).stderr).toContain(
      '--period: "H1 2025" is not a period',
    );
    expect((await cli("published", "a.csv", "--metric", "rate")).code).toBe(2);
    expect((await cli("published", "a.csv", "--formt", "json")).code).toBe(2);
    expect((await cli("published", "a.csv", "--country", "Pakistan")).code).toBe(2);
  });

  it("exits 3 for a file that is missing or of another format", async () => {
    const missing = await cli("published", "nothing.csv");
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe("referral-kit published: nothing.csv: no such file\n");
    writeFileSync(join(root, "other.csv"), "a,b\n1,2\n");
    const other = await cli("published", "other.csv");
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(
      /^referral-kit published: other\.csv:1: not a published file this library reads/,
    );
  });

  it.skipIf(skipSharedFixtures)(
    "prints a JSON array of figures: TikTok Pakistan 2025-H1, lines 1583-1592",
    async () => {
      const run = await cli("published", tiktok, "--country", "PK", "--period", "2025-H1");
      expect(run.code).toBe(0);
      const figures = JSON.parse(run.stdout);
      expect(figures.map((figure: { value: number }) => figure.value)).toEqual([
        602, 10_196, 4589, 2728, 2879, 2821, 548, 419, 1854, 0.636,
      ]);
      expect(figures[0].source.line).toBe(1583);
      expect(Object.keys(figures[0])).toEqual([
        "platform",
        "period",
        "country",
        "dimensions",
        "metric",
        "value",
        "unit",
        "definition",
        "source",
      ]);
    },
  );

  it.skipIf(skipSharedFixtures)("prints CSV and writes to --out", async () => {
    const run = await cli(
      "published",
      google,
      "--country",
      "PK",
      "--period",
      "2025-H1",
      "--metric",
      "requests",
      "-f",
      "csv",
      "-o",
      "pk.csv",
    );
    expect(run.code).toBe(0);
    const rows = parse(readFileSync(join(root, "pk.csv")), { columns: true }) as Array<{ value: string }>;
    // README: 38 Pakistan rows in January - June 2025, 291 requests.
    expect(rows).toHaveLength(38);
    expect(rows.reduce((total, row) => total + Number(row.value), 0)).toBe(291);
  });

  it.skipIf(skipSharedFixtures)(
    "lists issues on standard error, and --strict exits 1 leaving no half-written file",
    async () => {
      const lines = readFileSync(tiktok, "utf8").split("\r\n");
      // Line 683 (Pakistan Total content received, 9922.0) written n/a.
      writeFileSync(
        join(root, "edited.csv"),
        [lines[0], ...lines.slice(681, 691)].join("\r\n").replace("9922.0", "n/a"),
      );
      const lenient = await cli("published", "edited.csv");
      expect(lenient.code).toBe(0);
      expect(lenient.stderr).toContain(
        'referral-kit published: edited.csv:3: result is "n/a": no value (kept as missing, not 0)',
      );
      expect(JSON.parse(lenient.stdout)[1].value).toBeNull();
      const strict = await cli("published", "edited.csv", "--strict", "-o", "strict.json");
      expect(strict.code).toBe(1);
      expect(() => readFileSync(join(root, "strict.json"))).toThrow();
    },
  );
});

describe("referral-kit reconcile", () => {
  it("refuses a wrong command line with exit 2", async () => {
    expect((await cli("reconcile", "--published", "a.csv", "--country", "PK")).stderr).toContain(
      "give --ledger",
    );
    expect((await cli("reconcile", "--ledger", "l.csv", "--country", "PK")).code).toBe(2);
    expect((await cli("reconcile", "--ledger", "l.csv", "--published", "a.csv")).code).toBe(2);
    expect(
      (
        await cli(
          "reconcile",
          "--ledger",
          "l.csv",
          "--published",
          "a.csv",
          "--country",
          "PK",
          "--as-of",
          "01/31/2026",
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await cli(
          "reconcile",
          "--ledger",
          "l.csv",
          "--published",
          "a.csv",
          "--country",
          "PK",
          "--dimension",
          "x",
        )
      ).code,
    ).toBe(2);
  });

  it("exits 3 when the ledger cannot be read", async () => {
    const run = await cli(
      "reconcile",
      "--ledger",
      "missing-store",
      "--published",
      "a.csv",
      "--country",
      "PK",
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^referral-kit reconcile: no store at \S+missing-store \(nothing there\)/);
  });

  it.skipIf(skipSharedFixtures)("puts the synthetic CSV ledger beside TikTok: table and JSON", async () => {
    const args = [
      "reconcile",
      "--ledger",
      CSV_PATH,
      "--published",
      tiktok,
      "--country",
      "PK",
      "--period",
      "2025-H1",
      "--as-of",
      AS_OF,
    ];
    const table = await cli(...args);
    expect(table.code).toBe(0);
    // Ledger 78 (awk), TikTok 602 (line 1583).
    expect(table.stdout).toMatch(/Requests\s+78\s+602\s+\+524/);
    const json = JSON.parse((await cli(...args, "--format", "json")).stdout);
    expect(json.sections).toHaveLength(1);
    expect(json.sections[0].lines[0]).toMatchObject({
      key: "requests",
      ledger: { value: 78 },
      published: { value: 602 },
    });
    expect(json.sections[0].lines[0].published.sources[0]).toEqual({ file: tiktok, line: 1583 });
  });

  it.skipIf(skipSharedFixtures)("renders the compliance report with the reconciliation section", async () => {
    const run = await cli(
      "reconcile",
      "--ledger",
      CSV_PATH,
      "--published",
      tiktok,
      "--country",
      "PK",
      "--period",
      "2025-H2",
      "--as-of",
      AS_OF,
      "-f",
      "html",
      "-o",
      "report.html",
    );
    expect(run.code).toBe(0);
    const html = readFileSync(join(root, "report.html"), "utf8");
    expect(html).toContain('<section id="reconciliation">');
    expect(html).toContain('<svg id="chart-action-rate"');
  });

  it.skipIf(skipSharedFixtures)(
    "reads domain requests from JSON Lines and from a store, with their targets",
    async () => {
      const requests = [1, 2, 3].map((n) =>
        withEvents(
          makeRequest({ id: `r${n}`, platform: "tiktok", kind: "remove-content" }),
          { ...approved, at: `2025-03-0${n}T09:30:00Z` },
          { ...submitted, at: `2025-03-0${n}T10:00:00Z` },
          ...(n < 3 ? [{ type: "actioned" as const, at: `2025-03-0${n}T20:00:00Z` }] : []),
        ),
      );
      const draft = (at: string) => ({ type: "drafted" as const, at, by: { id: "analyst-1" } });
      const dated = requests.map((request, index) => ({
        ...request,
        events: [draft(`2025-03-0${index + 1}T09:00:00Z`), ...request.events.slice(1)],
      }));
      writeFileSync(
        join(root, "requests.jsonl"),
        `${dated.map((request) => JSON.stringify(request)).join("\n")}\n`,
      );
      const store = join(root, "store");
      const opened = await openStore(store);
      try {
        await opened.saveRequests(
          dated.map((request) => ({
            request,
            batches: [request.targets.map((entry) => targetKey(entry.target))],
          })),
          Date.parse("2025-03-04T00:00:00Z"),
        );
      } finally {
        await opened.close();
      }
      for (const ledger of ["requests.jsonl", "store"]) {
        const run = await cli(
          "reconcile",
          "--ledger",
          ledger,
          "--published",
          tiktok,
          "--country",
          "PK",
          "--period",
          "2025-H1",
          "--coverage",
          "2025-H1",
          "--as-of",
          "2025-07-01T00:00:00Z",
          "-f",
          "json",
        );
        expect(run.code, run.stderr).toBe(0);
        const lines = JSON.parse(run.stdout).sections[0].lines as Array<{
          key: string;
          ledger: { value: number };
        }>;
        const value = (key: string) => lines.find((line) => line.key === key)!.ledger.value;
        // Three requests, one account target each (makeRequest); two actioned (their targets decided, no
        // ground recorded), one pending (its target undecided): 2 of 2 decided targets actioned.
        expect([
          value("requests"),
          value("account-items"),
          value("content-items"),
          value("item-action-rate"),
        ]).toEqual([3, 3, 0, 1]);
        expect(lines.find((line) => line.key === "items-actioned-law")!.ledger).toMatchObject({
          value: null,
          reason: "2 of the 2 actioned targets have no ground recorded",
        });
      }
    },
    60_000,
  );
});
