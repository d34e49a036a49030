import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real list excerpts live outside the repository, in `../shared/fixtures/` next to the checkout. They
 * are found from the repository root (the nearest folder with package.json), or from
 * `REFERRAL_KIT_SHARED_FIXTURES`. Locally a missing folder skips the tests that need it; in CI (`CI` set)
 * those tests run and fail, so a missing folder is never mistaken for a pass.
 */
function repositoryRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "package.json"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("package.json not found above test/support");
    folder = parent;
  }
  return folder;
}

export const sharedFixturesDir = resolve(
  process.env.REFERRAL_KIT_SHARED_FIXTURES ?? join(repositoryRoot(), "..", "shared", "fixtures"),
);

export const sharedFixturesPresent = existsSync(join(sharedFixturesDir, "README.md"));

/** True when tests needing the shared excerpts must be skipped (absent, and not in CI). */
export const skipSharedFixtures = !sharedFixturesPresent && !process.env.CI;

/** The path of a shared excerpt; throws a clear error when the folder is missing. */
export function sharedFixture(name: string): string {
  const path = join(sharedFixturesDir, name);
  if (!existsSync(path)) {
    throw new Error(
      `shared fixture ${name} not found in ${sharedFixturesDir}; check out ../shared/fixtures or set REFERRAL_KIT_SHARED_FIXTURES`,
    );
  }
  return path;
}

/** The bytes of a shared excerpt. */
export function readSharedFixture(name: string): Buffer {
  return readFileSync(sharedFixture(name));
}

/** The path of one of the repository's own list fixtures (test/fixtures/lists). */
export function listFixture(name: string): string {
  return join(repositoryRoot(), "test", "fixtures", "lists", name);
}
