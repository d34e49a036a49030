import { readdir } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import type { z } from "zod";
import { ProductionMismatchError } from "../domain/disclosure-errors.js";
import { recordProduction } from "../domain/disclosure-events.js";
import type { Actor } from "../domain/schemas/common.js";
import { type DataCategory, type ProducedFile, ProductionReceipt } from "../domain/schemas/disclosure.js";
import type { ReferralRequest, RequestEvent } from "../domain/schemas/request.js";
import { validate } from "../domain/validate.js";
import { type FileDigest, hashFile } from "./hash.js";

/**
 * Checks a production on disk against its receipt, then builds the event that records it. Every file the
 * receipt lists (and its package, when one is named) is re-hashed as a stream from `directory`; a SHA-256
 * or size that differs, or a file that is not there, throws {@link ProductionMismatchError} listing each
 * one, and no event is returned. The lifecycle is checked first, before any file is read.
 *
 * @throws {ProductionMismatchError} a file's bytes do not match the receipt, or a file is missing.
 * @throws {ValidationError} the receipt is incomplete.
 * @throws {IllegalTransitionError} the request cannot take a production now.
 *
 * @example
 * ```ts
 * import { receiveProduction } from "referral-kit/verify";
 *
 * const event = await receiveProduction(request, {
 *   at: new Date().toISOString(),
 *   directory: "productions/req-7",
 *   receipt: { receivedAt, receivedBy: { id: "officer-12" }, channel: "portal-download", hashesFrom: "platform", files },
 * });
 * await store.appendEvents(request.id, [event], { expectedCount: request.events.length });
 * ```
 */
export async function receiveProduction(
  request: ReferralRequest,
  production: {
    at: string;
    by?: Actor;
    receipt: z.input<typeof ProductionReceipt>;
    directory: string;
    withheld?: readonly DataCategory[];
    note?: string;
    signal?: AbortSignal;
  },
): Promise<Extract<RequestEvent, { type: "produced" | "partially-produced" }>> {
  const { directory, signal, ...rest } = production;
  const event = recordProduction(request, rest);
  const receipt = validate(ProductionReceipt, production.receipt, "production receipt");
  const listed: [field: string, file: ProducedFile][] = [
    ...(receipt.package ? [["package", receipt.package] as [string, ProducedFile]] : []),
    ...receipt.files.map((file, index) => [`files[${index}]`, file] as [string, ProducedFile]),
  ];
  const mismatches: ProductionMismatchError["mismatches"] = [];
  for (const [field, file] of listed) {
    const actual = await digestOf(directory, file.name, signal);
    if (actual === undefined) {
      mismatches.push({ name: file.name, field: `receipt.${field}`, expected: "present", actual: "missing" });
      continue;
    }
    if (actual.sha256 !== file.sha256) {
      mismatches.push({
        name: file.name,
        field: `receipt.${field}.sha256`,
        expected: file.sha256,
        actual: actual.sha256,
      });
    }
    if (actual.size !== file.size) {
      mismatches.push({
        name: file.name,
        field: `receipt.${field}.size`,
        expected: String(file.size),
        actual: String(actual.size),
      });
    }
  }
  if (mismatches.length > 0) throw new ProductionMismatchError(request.id, mismatches);
  return event;
}

/**
 * Hashes every file under a directory (streaming, one at a time) into the `files` of a production
 * receipt, names relative to the directory with `/` separators, sorted. For a production whose hashes the
 * agency computes on receipt (`hashesFrom: "agency"`).
 *
 * @example
 * ```ts
 * import { hashProductionFiles } from "referral-kit/verify";
 *
 * const files = await hashProductionFiles("productions/req-7");
 * ```
 */
export async function hashProductionFiles(
  directory: string,
  options: { signal?: AbortSignal } = {},
): Promise<ProducedFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const files: ProducedFile[] = [];
  for (const path of paths) {
    const digest = await hashFile(path, options);
    files.push({ name: relative(directory, path).split(sep).join("/"), ...digest });
  }
  return files;
}

/** The digest of a file inside `directory`, or undefined when it does not exist. */
async function digestOf(
  directory: string,
  name: string,
  signal?: AbortSignal,
): Promise<FileDigest | undefined> {
  const path = join(directory, name);
  const inside = relative(directory, path);
  // The receipt schema refuses "..", and join keeps absolute names inside; this is the last guard.
  if (inside.startsWith("..") || isAbsolute(inside)) return undefined;
  try {
    return await hashFile(path, { signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
