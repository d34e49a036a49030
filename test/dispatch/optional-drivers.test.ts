/**
 * Stores whose driver is not installed say so with the one typed error for a missing optional package,
 * not as damaged data, and touch nothing on disk. The loader is replaced so the drivers look absent.
 */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MissingDependencyError } from "referral-kit";
import { openPgliteStore, openPostgresStore, openStore } from "referral-kit/dispatch";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/adapter/load-optional.js", () => ({
  loadOptional: async (specifier: string, purpose: string) => {
    throw new MissingDependencyError(specifier, purpose);
  },
}));

const failure = (opening: Promise<unknown>) =>
  opening.then(
    () => expect.fail("it opened"),
    (error: unknown) => error as MissingDependencyError,
  );

describe("a store whose driver is not installed", () => {
  it("embedded: MissingDependencyError naming @electric-sql/pglite, nothing created", async () => {
    const parent = mkdtempSync(join(tmpdir(), "rk-nodriver-"));
    const location = join(parent, "referrals.store");
    const error = await failure(openStore(location));
    expect(MissingDependencyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "missing_dependency",
      packageName: "@electric-sql/pglite",
      installCommand: "npm install @electric-sql/pglite",
    });
    expect(existsSync(location)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
    expect((await failure(openPgliteStore())).packageName).toBe("@electric-sql/pglite");
  });

  it("PostgreSQL: MissingDependencyError naming pg", async () => {
    const error = await failure(
      openPostgresStore({ connectionString: "postgres://dispatch@127.0.0.1:1/referrals" }),
    );
    expect(error).toMatchObject({
      code: "missing_dependency",
      packageName: "pg",
      installCommand: "npm install pg",
    });
  });
});
