import { describe, expect, it } from "vitest";
import { runDisclosureExample } from "./index.js";

describe("examples/disclosure", () => {
  it("refuses the bare emergency, verifies the production's hashes, and chases the preservation", async () => {
    const lines = await runDisclosureExample();
    expect(lines[0]).toMatch(
      /^Emergency disclosure without a justification: refused at disclosure\.emergency: /,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^facebook produced 2 files \(PRD-\d+\):$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^A copy with one changed file is refused: .*receipt\.files\[0\]\.sha256 of \d+-basic_subscriber\.json/,
      ),
    );
    expect(lines).toContain("Every hash matches: demo-disclose-data is produced");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Preservation demo-preserve: preserved; 50 days on, 10 days left until 2026-03-06T08:00:00\.000Z: alarm$/,
      ),
    );
    expect(lines.at(-1)).toBe("Production requested (EPOC-2026-0042): 0 preservation(s) left to chase");
  });
});
