import type { ReferralRequest } from "referral-kit";
import {
  type ComplianceInput,
  type ComplianceRecord,
  type ComplianceResult,
  type ComplianceRow,
  type ComplianceSource,
  computeCompliance,
  type GroupField,
  readComplianceCsv,
  readComplianceFile,
  readComplianceJsonl,
} from "referral-kit/compliance";
import { describe, expectTypeOf, it } from "vitest";

describe("compliance types", () => {
  it("accepts domain requests and flat records, alone or mixed", () => {
    expectTypeOf(computeCompliance).parameter(0).toEqualTypeOf<Iterable<ComplianceInput>>();
    expectTypeOf<ReferralRequest[]>().toMatchTypeOf<Iterable<ComplianceInput>>();
    expectTypeOf<ComplianceRecord[]>().toMatchTypeOf<Iterable<ComplianceInput>>();
    expectTypeOf(computeCompliance).returns.toEqualTypeOf<ComplianceResult>();
  });

  it("types the readers by what they yield", () => {
    expectTypeOf(readComplianceCsv).returns.toEqualTypeOf<ComplianceSource<ComplianceRecord>>();
    expectTypeOf(readComplianceJsonl).returns.toEqualTypeOf<ComplianceSource<ReferralRequest>>();
    expectTypeOf(readComplianceFile).returns.toEqualTypeOf<ComplianceSource<ComplianceInput>>();
  });

  it("names key fields and figures on rows", () => {
    expectTypeOf<ComplianceRow["platform"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ComplianceRow["actionRateLow"]>().toEqualTypeOf<number | null>();
    expectTypeOf<GroupField>().toEqualTypeOf<
      "platform" | "group" | "kind" | "priority" | "tier" | "campaign" | "month" | "hour"
    >();
    // @ts-expect-error: "country" is not a group field
    computeCompliance([], { by: ["country"], asOf: "2026-01-01T00:00:00Z" });
  });
});
