import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MissingDependencyError, ReferralKitError } from "referral-kit";
import { loadOptional } from "referral-kit/adapter";
import { describe, expect, it } from "vitest";

/** The error a load failed with (the test fails if it loaded). */
const failure = (loading: Promise<unknown>) =>
  loading.then(
    () => expect.fail("it loaded"),
    (error: unknown) => error as MissingDependencyError,
  );

describe("loadOptional", () => {
  it("returns the module of an installed package", async () => {
    const zod = await loadOptional<typeof import("zod")>("zod", "this test");
    expect(typeof zod.z.string).toBe("function");
  });

  it("names a package that is not installed, with the command to install it, under one stable code", async () => {
    const error = await failure(loadOptional("referral-kit-no-such-package", "the embedded store"));
    expect(MissingDependencyError.isInstance(error)).toBe(true);
    expect(ReferralKitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "missing_dependency",
      packageName: "referral-kit-no-such-package",
      installCommand: "npm install referral-kit-no-such-package",
    });
    expect(error.message).toBe(
      'the embedded store needs the optional package "referral-kit-no-such-package", which is not installed: run `npm install referral-kit-no-such-package`',
    );
  });

  it("names the package, not the subpath, and the scope with it", async () => {
    const plain = await failure(loadOptional("referral-kit-no-such-package/node", "the mocks"));
    expect(plain.packageName).toBe("referral-kit-no-such-package");
    const scoped = await failure(loadOptional("@referral-kit-none/pkg/sub", "the mocks"));
    expect(scoped.packageName).toBe("@referral-kit-none/pkg");
  });

  it("lets a package that is installed but fails to load fail with its own error", async () => {
    // Not "missing": saying "install it" would send a person after the wrong problem.
    const dir = mkdtempSync(join(tmpdir(), "rk-optional-"));
    const broken = join(dir, "node_modules", "rk-broken-package");
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, "package.json"),
      JSON.stringify({ name: "rk-broken-package", main: "index.js" }),
    );
    writeFileSync(join(broken, "index.js"), 'throw new Error("broken at load");');
    const error = await loadOptional(pathToFileURL(join(broken, "index.js")).href, "a test").catch((e) => e);
    expect(MissingDependencyError.isInstance(error)).toBe(false);
    expect(String(error)).toMatch(/broken at load/);
  });
});
