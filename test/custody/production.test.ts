import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IllegalTransitionError, ProductionMismatchError, requestState } from "referral-kit";
import { hashProductionFiles, receiveProduction } from "referral-kit/verify";
import { afterAll, describe, expect, it } from "vitest";
import { makeDisclosure, receipt, TEST_SHA256 } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";

const root = mkdtempSync(join(tmpdir(), "referral-kit-production-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function delivery(name: string, content = "test"): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "subscriber.csv"), content);
  return folder;
}

const sent = () => withEvents(makeDisclosure(), approved, submitted);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("receiveProduction", () => {
  it("records a production whose files match the receipt", async () => {
    const request = sent();
    const event = await receiveProduction(request, {
      at: "2025-03-04T09:05:00Z",
      directory: delivery("good"),
      receipt: receipt({ hashesFrom: "platform" }),
    });
    expect(event).toMatchObject({ type: "produced", receipt: { hashesFrom: "platform" } });
    expect(requestState(withEvents(request, event)).status).toBe("produced");
  });

  it("refuses a file whose hash or size does not match, or that is missing, and returns nothing to write", async () => {
    const request = sent();
    const error = await rejection(
      receiveProduction(request, {
        at: "2025-03-04T09:05:00Z",
        directory: delivery("tampered", "TEST"),
        receipt: receipt({
          package: { name: "production.zip", sha256: TEST_SHA256, size: 4 },
        }),
      }),
    );
    expect(ProductionMismatchError.isInstance(error)).toBe(true);
    expect((error as ProductionMismatchError).mismatches).toEqual([
      { name: "production.zip", field: "receipt.package", expected: "present", actual: "missing" },
      {
        name: "subscriber.csv",
        field: "receipt.files[0].sha256",
        expected: TEST_SHA256,
        actual: "94ee059335e587e501cc4bf90613e0814f00a7b08bc7c648fd865a2af6a22cc2",
      },
    ]);
    expect((error as Error).message).toMatch(
      /does not match its receipt: receipt.package of production.zip is missing/,
    );
    expect(request.events).toHaveLength(3);
  });

  it("checks the lifecycle before reading any file", async () => {
    const error = await rejection(
      receiveProduction(withEvents(makeDisclosure(), approved), {
        at: "2025-03-04T09:05:00Z",
        directory: join(root, "does-not-exist"),
        receipt: receipt(),
      }),
    );
    expect(IllegalTransitionError.isInstance(error)).toBe(true);
  });

  it("hashes a delivery into the receipt's file list", async () => {
    const folder = delivery("listed");
    mkdirSync(join(folder, "logs"));
    writeFileSync(join(folder, "logs", "ip.csv"), "");
    expect(await hashProductionFiles(folder)).toEqual([
      {
        name: "logs/ip.csv",
        sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        size: 0,
      },
      { name: "subscriber.csv", sha256: TEST_SHA256, size: 4 },
    ]);
  });
});
