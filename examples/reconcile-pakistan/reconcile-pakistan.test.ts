import { describe, expect, it } from "vitest";
import { skipSharedFixtures } from "../../test/support/shared-fixtures.js";
import { reconcilePakistan } from "./index.js";

describe.skipIf(skipSharedFixtures)("examples/reconcile-pakistan", () => {
  it("prints the published side and labels the ledger as synthetic", async () => {
    const output = await reconcilePakistan();
    // README tables: Google January - June 2025, 291 requests and 5,056 items; TikTok Jul-Dec 2025, 935 requests.
    expect(output).toMatch(/google 2025-H1\s+291\s+5056/);
    expect(output).toMatch(/tiktok 2025-H2\s+935/);
    expect(output).toContain("RECONCILED WITH A SYNTHETIC LEDGER");
    // The synthetic ledger: 78 TikTok requests in 2025-H1, 72 in 2025-H2 (awk on requests.csv).
    expect(output).toMatch(/TikTok · 2025-H1[\s\S]*?Requests\s+78\s+602\s+\+524/);
    expect(output).toMatch(/TikTok · 2025-H2[\s\S]*?Requests\s+72\s+935\s+\+863/);
  });
});
