/**
 * Statements of reasons: the database's enumerations against its own option lists, the schema's rules,
 * reading the real sample files, writing batches of at most 100 and reading them back, and matching
 * statements with requests.
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import type { ReferralRequest, RequestEvent } from "referral-kit";
import {
  DSA_STATEMENT_VOCABULARY,
  draftStatementsOfReasons,
  matchStatements,
  PublishedReportError,
  readStatementsOfReasons,
  type StatementOfReasons,
  StatementOfReasonsError,
  type StatementRecord,
  statementBatches,
  validateStatementOfReasons,
} from "referral-kit/reconcile";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { EU_MEMBER_STATES } from "../../src/reconcile/statements/enumerations.js";
import { approved, evidence, makeRequest, supervisor } from "../support/requests.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

const file = (name: string) => sharedFixture(`platform-reports/${name}`);

async function all(source: AsyncIterable<StatementRecord>): Promise<StatementRecord[]> {
  const records: StatementRecord[] = [];
  for await (const record of source) records.push(record);
  return records;
}

/** A valid statement a test can adjust. */
type StatementOfReasonsInput = z.input<typeof StatementOfReasons>;

function statement(overrides: Partial<StatementOfReasonsInput> = {}): StatementOfReasonsInput {
  return {
    puid: "PK25-0001-1",
    decision_visibility: ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    decision_ground: "DECISION_GROUND_ILLEGAL_CONTENT",
    illegal_content_legal_ground: "Prevention of Electronic Crimes Act 2016, s. 37",
    illegal_content_explanation: "Propaganda of a proscribed organisation.",
    content_type: ["CONTENT_TYPE_VIDEO"],
    category: "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    category_specification: ["KEYWORD_TERRORIST_CONTENT"],
    content_date: "2025-03-01",
    application_date: "2025-03-02",
    decision_facts: "Referred by the agency.",
    source_type: "SOURCE_TYPE_OTHER_NOTIFICATION",
    source_identity: "Fictional Counter-Terrorism Unit",
    automated_detection: "No",
    automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED",
    ...overrides,
  } as StatementOfReasonsInput;
}

const problems = (value: unknown) => {
  try {
    validateStatementOfReasons(value);
    return [];
  } catch (error) {
    if (!StatementOfReasonsError.isInstance(error)) throw error;
    return error.problems.map((problem) => `${problem.field}: ${problem.message}`);
  }
};

describe("the database's enumerations", () => {
  it("have the documented sizes (dsa-sor-fields.md headings)", () => {
    expect(Object.keys(DSA_STATEMENT_VOCABULARY.decision_visibility)).toHaveLength(7);
    expect(Object.keys(DSA_STATEMENT_VOCABULARY.content_type)).toHaveLength(8);
    expect(Object.keys(DSA_STATEMENT_VOCABULARY.category)).toHaveLength(16);
    expect(Object.keys(DSA_STATEMENT_VOCABULARY.category_specification)).toHaveLength(69);
    expect(DSA_STATEMENT_VOCABULARY.content_language).toHaveLength(184);
  });

  it.skipIf(skipSharedFixtures)(
    "contain the option lists of the database's own tests (dsa-sor-statements.json)",
    () => {
      const options = JSON.parse(readFileSync(file("dsa-sor-statements.json"), "utf8")) as Record<
        string,
        string[]
      >;
      expect(new Set(options.categories)).toEqual(new Set(Object.keys(DSA_STATEMENT_VOCABULARY.category)));
      expect(new Set(options.territorial_scope)).toEqual(new Set(EU_MEMBER_STATES));
      for (const keyword of options.category_specification!)
        expect(DSA_STATEMENT_VOCABULARY.category_specification).toHaveProperty([keyword]);
      for (const code of options.decision_visibility!)
        expect(DSA_STATEMENT_VOCABULARY.decision_visibility).toHaveProperty([code]);
      for (const code of options.content_language!)
        expect(DSA_STATEMENT_VOCABULARY.content_language).toContain(code);
    },
  );
});

describe("validateStatementOfReasons", () => {
  it("accepts a complete statement and drops what the server drops", () => {
    const valid = validateStatementOfReasons(
      statement({
        incompatible_content_ground: "terms 4.2",
        decision_visibility_other: "x",
        content_type_other: "y",
      }),
    );
    expect(valid).not.toHaveProperty("incompatible_content_ground");
    expect(valid).not.toHaveProperty("decision_visibility_other");
    expect(valid).not.toHaveProperty("content_type_other");
    expect(valid.puid).toBe("PK25-0001-1");
  });

  it("names every broken rule, field by field", () => {
    expect(problems(statement({ puid: "has spaces" }))).toEqual([
      "puid: only a-z A-Z 0-9 - _ are allowed (no spaces)",
    ]);
    expect(
      problems(statement({ decision_visibility: null, decision_account: null, decision_provision: null })),
    ).toEqual([
      "decision_visibility: at least one restriction is required: decision_visibility, decision_monetary, decision_provision or decision_account",
    ]);
    expect(problems(statement({ illegal_content_explanation: undefined }))).toEqual([
      "illegal_content_explanation: required when the ground is DECISION_GROUND_ILLEGAL_CONTENT",
    ]);
    expect(problems(statement({ content_type: ["CONTENT_TYPE_OTHER"] }))).toEqual([
      "content_type_other: required when content_type includes CONTENT_TYPE_OTHER",
    ]);
    expect(problems(statement({ territorial_scope: ["DE", "EL"] }))).toEqual([
      "territorial_scope.1: an EU/EEA country code (GR, not EL)",
    ]);
    expect(problems(statement({ application_date: "2019-12-31" }))).toEqual([
      "application_date: a date from 2020-01-01 to 2038-01-01",
    ]);
    expect(problems(statement({ end_date_visibility_restriction: "2025-03-01" }))).toEqual([
      "end_date_visibility_restriction: 2025-03-01 is before the application date 2025-03-02 (the API documentation asks for an end on or after it)",
    ]);
    expect(problems({ ...statement(), url: "https://x.com/a" })).toEqual([
      ": not a field of a statement of reasons: url",
    ]);
    expect(problems(statement({ category: "STATEMENT_CATEGORY_TERRORISM" as never }))).toHaveLength(1);
  });
});

describe.skipIf(skipSharedFixtures)("readStatementsOfReasons on the database's sample files", () => {
  it("reads the single statement with the server's fields apart", async () => {
    const [record] = await all(
      readStatementsOfReasons(file("dsa-sor-example-statement.json"), { strict: true }),
    );
    expect(record).toMatchObject({
      line: 1,
      index: 0,
      statement: {
        puid: "8ca7c7ed-d9bc-4509-9fe2-72046a1cTEST",
        decision_ground: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        territorial_scope: ["NL", "GR", "RO"],
      },
      server: { platform_name: "Platform 1", permalink: "https://irresponsible-middle.com/" },
    });
    expect(record!.statement).not.toHaveProperty("platform_name");
  });

  it("reads the batch of 10, end dates before the application date included (the validator accepts them)", async () => {
    const records = await all(
      readStatementsOfReasons(file("dsa-sor-example-multi-statements.json"), { strict: true }),
    );
    expect(records).toHaveLength(10);
    expect(records[0]!.statement.puid).toBe("1b5bcfc2d-0c22-4957-9c96-6086f46c0471");
    // Statement 4: application date 2025-12-09, end_date_monetary_restriction 2025-12-08.
    expect(records[4]!.statement).toMatchObject({
      application_date: "2025-12-09",
      end_date_monetary_restriction: "2025-12-08",
    });
    // Writing refuses what the documentation forbids.
    expect(() => validateStatementOfReasons(records[4]!.statement)).toThrow(/before the application date/);
  });

  it("refuses the option lists file, which holds no statements", async () => {
    const error = await all(readStatementsOfReasons(file("dsa-sor-statements.json"))).catch((e) => e);
    expect(PublishedReportError.isInstance(error)).toBe(true);
    expect(error.reason).toMatch(/^not statements of reasons/);
  });

  it("reports an unknown field and an invalid statement with their lines; strict fails", async () => {
    const lines = [
      JSON.stringify({ ...statement({ puid: "a" }), reviewer: "someone" }),
      "",
      JSON.stringify(statement({ puid: "b", category: "NOT_A_CATEGORY" as never })),
      "{broken",
      JSON.stringify(statement({ puid: "c" })),
    ].join("\n");
    const source = readStatementsOfReasons(Readable.from([lines]), { format: "jsonl", name: "s.jsonl" });
    const records = await all(source);
    expect(records.map((record) => [record.line, record.statement.puid])).toEqual([
      [1, "a"],
      [5, "c"],
    ]);
    expect(source.issues.map((issue) => [issue.line, issue.code, issue.column])).toEqual([
      [1, "unknown-column", "reviewer"],
      [3, "invalid-statement", "category"],
      [4, "invalid-statement", undefined],
    ]);
    const error = await all(
      readStatementsOfReasons(Readable.from([lines]), { format: "jsonl", strict: true }),
    ).catch((e) => e);
    expect([error.line, error.issue]).toEqual([1, "unknown-column"]);
  });

  it("gives the line of a JSON syntax error", async () => {
    const error = await all(
      readStatementsOfReasons(Readable.from(['{\n"statements": [\n{"puid": }\n]}'])),
    ).catch((e) => e);
    expect(PublishedReportError.isInstance(error)).toBe(true);
    expect(error.line).toBe(3);
  });
});

describe("writing statements: batches of at most 100, read back as written", () => {
  it("splits 205 statements into 100, 100 and 5 and reads them back identical", async () => {
    const many = Array.from({ length: 205 }, (_, index) =>
      statement({ puid: `PK25-${String(index).padStart(4, "0")}-1` }),
    );
    const batches = statementBatches(many);
    expect(batches.map((batch) => batch.statements.length)).toEqual([100, 100, 5]);
    const read: StatementOfReasons[] = [];
    for (const batch of batches) {
      const text = JSON.stringify(batch, null, 2);
      for await (const record of readStatementsOfReasons(Readable.from([text]), { strict: true })) {
        read.push(record.statement);
      }
    }
    expect(read).toEqual(many.map((item) => validateStatementOfReasons(item)));
  });

  it("refuses a batch size over 100, a repeated puid, and an invalid statement with its position", () => {
    expect(() => statementBatches([statement()], 101)).toThrow(RangeError);
    expect(() => statementBatches([statement(), statement()])).toThrow(
      "statement 1: puid: PK25-0001-1 is already used by statement 0",
    );
    expect(() =>
      statementBatches([statement({ puid: "a" }), statement({ puid: "b", decision_facts: "" })]),
    ).toThrow(/^statement 1: decision_facts/);
  });

  it("drafts one statement per target actioned from a request, in the database's format", () => {
    const request = makeRequest({
      id: "PK25-0007",
      kind: "remove-content",
      platform: "tiktok",
      targets: [
        {
          target: {
            type: "content",
            platform: "tiktok",
            kind: "video",
            id: "7301",
            account: { kind: "username", platform: "tiktok", username: "a" },
          },
          evidence: [evidence],
          sensitive: [],
        },
        {
          target: { type: "account", account: { kind: "username", platform: "tiktok", username: "b" } },
          evidence: [evidence],
          sensitive: [],
        },
      ],
    });
    const events: RequestEvent[] = [
      { ...approved },
      { type: "submitted", at: "2025-03-01T10:00:00Z" },
      { type: "partially-actioned", at: "2025-03-02T23:30:00-05:00", targets: ["tiktok:a/video/7301"] },
    ];
    const drafted = draftStatementsOfReasons(
      { ...request, events: [...request.events, ...events] },
      {
        explanation: "Propaganda.",
        facts: "Referred by the agency.",
        contentDate: () => "2025-02-27",
        language: "UR",
      },
    );
    expect(drafted).toEqual([
      {
        puid: "PK25-0007-1",
        decision_visibility: ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        decision_ground: "DECISION_GROUND_ILLEGAL_CONTENT",
        illegal_content_legal_ground: "Prevention of Electronic Crimes Act 2016 (Pakistan), s. 37",
        illegal_content_explanation: "Propaganda.",
        content_type: ["CONTENT_TYPE_VIDEO"],
        category: "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        category_specification: ["KEYWORD_TERRORIST_CONTENT"],
        content_language: "UR",
        content_date: "2025-02-27",
        // 23:30 at UTC-5 is 04:30 UTC the next day.
        application_date: "2025-03-03",
        decision_facts: "Referred by the agency.",
        source_type: "SOURCE_TYPE_OTHER_NOTIFICATION",
        source_identity: "Fictional Counter-Terrorism Unit",
        automated_detection: "No",
        automated_decision: "AUTOMATED_DECISION_NOT_AUTOMATED",
      },
    ]);
    expect(() =>
      draftStatementsOfReasons(request, { explanation: "x", facts: "y", contentDate: () => "2025-02-27" }),
    ).toThrow(/has not acted on it/);
  });
});

describe("matchStatements", () => {
  const submittedAt = (day: string): RequestEvent[] => [
    { type: "drafted", at: `2025-03-${day}T08:00:00Z`, by: supervisor },
    { ...approved, at: `2025-03-${day}T08:30:00Z` },
    { type: "submitted", at: `2025-03-${day}T09:00:00Z` },
  ];
  const tiktokVideo = {
    target: { type: "content" as const, platform: "tiktok", kind: "video" as const, id: "7301" },
    evidence: [evidence],
    sensitive: [],
  };
  const xAccount = {
    target: {
      type: "account" as const,
      account: { kind: "username" as const, platform: "x", username: "someone" },
    },
    evidence: [evidence],
    sensitive: [],
  };
  const requests: ReferralRequest[] = [
    {
      ...makeRequest({ id: "A", platform: "tiktok", kind: "remove-content", targets: [tiktokVideo] }),
      events: [...submittedAt("01"), { type: "actioned", at: "2025-03-02T09:00:00Z" }],
    },
    {
      ...makeRequest({ id: "B", platform: "x", kind: "suspend", targets: [xAccount] }),
      events: [...submittedAt("03"), { type: "actioned", at: "2025-03-04T09:00:00Z" }],
    },
    {
      ...makeRequest({
        id: "C",
        platform: "tiktok",
        targets: [{ ...tiktokVideo, target: { ...tiktokVideo.target, id: "7302" } }],
      }),
      events: [
        ...submittedAt("05"),
        { type: "rejected", at: "2025-03-06T09:00:00Z", reason: "no violation" },
      ],
    },
    {
      ...makeRequest({
        id: "D",
        platform: "tiktok",
        targets: [{ ...tiktokVideo, target: { ...tiktokVideo.target, id: "7303" } }],
      }),
      events: submittedAt("07"),
    },
  ];
  const statements: StatementRecord[] = [
    // A's video by puid on TikTok, restricted in two member states only.
    {
      line: 1,
      index: 0,
      statement: validateStatementOfReasons(
        statement({
          puid: "7301",
          decision_visibility: ["DECISION_VISIBILITY_CONTENT_DISABLED"],
          territorial_scope: ["DE", "FR"],
          application_date: "2025-03-02",
        }),
      ),
      server: { platform_name: "TikTok" },
    },
    // B's account by a twitter.com link in the facts; demotion only, no account measure.
    {
      line: 2,
      index: 1,
      statement: validateStatementOfReasons(
        statement({
          puid: "x-decision-1",
          decision_visibility: ["DECISION_VISIBILITY_CONTENT_DEMOTED"],
          decision_facts: "Reported account: https://twitter.com/Someone (order of 3 March).",
          application_date: "2025-03-04",
        }),
      ),
      server: {},
    },
    // C's video, rejected by the platform, but restricted on its own initiative under its terms.
    {
      line: 3,
      index: 2,
      statement: validateStatementOfReasons(
        statement({
          puid: "7302",
          decision_ground: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
          incompatible_content_ground: "Community guidelines 4",
          incompatible_content_explanation: "Violent extremism policy.",
          source_type: "SOURCE_VOLUNTARY",
          application_date: "2025-03-10",
        }),
      ),
      server: { platform_name: "TikTok" },
    },
    // An unrelated statement, and one for A's video applied 60 days later.
    {
      line: 4,
      index: 3,
      statement: validateStatementOfReasons(statement({ puid: "9999" })),
      server: { platform_name: "TikTok" },
    },
    {
      line: 5,
      index: 4,
      statement: validateStatementOfReasons(statement({ puid: "7301", application_date: "2025-04-30" })),
      server: { platform_name: "TikTok" },
    },
  ];

  it("pairs by puid and by link, lists what is unpaired, and names each disagreement", () => {
    const result = matchStatements(requests, statements);
    expect(
      result.matches.map((match) => [
        match.requestId,
        match.target,
        match.puid,
        match.by,
        match.days,
        match.line,
      ]),
    ).toEqual([
      ["A", "tiktok:video/7301", "7301", "puid", 1, 1],
      ["B", "x:someone", "x-decision-1", "url", 1, 2],
      ["C", "tiktok:video/7302", "7302", "puid", 5, 3],
    ]);
    expect(result.matches[0]!.disagreements).toEqual([
      {
        code: "territorial-restriction",
        message:
          "the platform answered actioned, but the statement restricts in 2 of the 27 member states only (DE, FR)",
      },
    ]);
    expect(result.matches[1]!.disagreements.map((d) => d.code)).toEqual(["no-account-action"]);
    expect(result.matches[2]!.disagreements.map((d) => d.code)).toEqual([
      "rejected-but-restricted",
      "own-initiative",
      "terms-not-law",
    ]);
    expect(result.unmatchedRequests).toEqual([{ requestId: "D", targets: ["tiktok:video/7303"] }]);
    expect(result.unmatchedStatements).toEqual([3, 4]);
    expect(result.outsideWindow).toEqual([
      { requestId: "A", target: "tiktok:video/7301", statementIndex: 4, days: 60 },
    ]);
  });

  it("does not pair by puid without knowing the statements' platform", () => {
    const anonymous = statements.map((record) => ({ ...record, server: {} }));
    expect(matchStatements(requests, anonymous).matches.map((match) => match.requestId)).toEqual(["B"]);
    expect(
      matchStatements(requests, anonymous, { platform: "tiktok" }).matches.map((match) => match.requestId),
    ).toEqual(["A", "B", "C"]);
  });

  it("filters by keyword and source type", () => {
    const result = matchStatements(requests, statements, { sourceTypes: ["SOURCE_TYPE_OTHER_NOTIFICATION"] });
    expect(result.matches.map((match) => match.requestId)).toEqual(["A", "B"]);
  });
});
