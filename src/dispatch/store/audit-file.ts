import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "../../domain/canonical-json.js";
import { hasMarker, markError } from "../../domain/error-marker.js";
import { ReferralKitError } from "../../domain/errors.js";
import type { StoreChainHead } from "./audit-trail.js";
import type { HistoryReport } from "./verify-history.js";

/**
 * An audit of a store's history as a file: what `verifyHistory` found and the store chain's head at that
 * moment, optionally signed with an Ed25519 key. Keep it: a later audit given it (`since`) checks that the
 * store still passes through this head, so nothing before it was changed since; the signature shows who
 * made the audit and that the file is as they made it.
 *
 * @example
 * ```ts
 * const file: AuditFile = toAuditFile(report, { store: "pglite", privateKey: privateKeyPem });
 * writeFileSync("audit-2026-01.json", JSON.stringify(file, null, 2));
 * ```
 */
export interface AuditFile {
  readonly format: "referral-kit-audit/1";
  /** When the audit was made (ISO 8601, UTC). */
  readonly generatedAt: string;
  /** Which kind of store was audited (`memory`, `pglite`, `postgres`); never a connection string. */
  readonly store: string;
  readonly ok: boolean;
  readonly requests: number;
  readonly events: number;
  /** The head recomputed from the events. */
  readonly head: StoreChainHead;
  /** The head the store records. */
  readonly storedHead: StoreChainHead;
  /** The first broken link, when one was found. */
  readonly firstBroken?: NonNullable<HistoryReport["firstBroken"]>;
  /** How many broken links were found (at most one per request, plus the store chain's). */
  readonly brokenCount: number;
  /**
   * An Ed25519 signature over the canonical JSON of the audit file without its `signature` (see
   * `canonicalJson`), with the public key that checks it (SPKI in PEM) and the signature (base64).
   */
  readonly signature?: { readonly algorithm: "ed25519"; readonly publicKey: string; readonly value: string };
}

/**
 * An audit file from a `verifyHistory` report, signed when `privateKey` is given.
 *
 * @throws {AuditSignatureError} `wrong_key_type`: `privateKey` is not an Ed25519 private key.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from "node:crypto";
 * import { toAuditFile, verifyHistory } from "referral-kit/dispatch";
 *
 * const file = toAuditFile(await verifyHistory(store), { store: store.kind });
 * const { privateKey } = generateKeyPairSync("ed25519");
 * const signed = toAuditFile(await verifyHistory(store), { store: store.kind, privateKey });
 * ```
 */
export function toAuditFile(
  report: HistoryReport,
  options: {
    /** Which kind of store was audited (`memory`, `pglite`, `postgres`); never a connection string. */
    store: string;
    /** When the audit was made (default now). */
    generatedAt?: Date;
    /** An Ed25519 private key (a `KeyObject`, or PEM) to sign the file with, adding `signature`. */
    privateKey?: KeyObject | string;
  },
): AuditFile {
  const file: AuditFile = {
    format: "referral-kit-audit/1",
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    store: options.store,
    ok: report.ok,
    requests: report.requests,
    events: report.events,
    head: report.head,
    storedHead: report.storedHead,
    ...(report.firstBroken ? { firstBroken: report.firstBroken } : {}),
    brokenCount: report.broken.length,
  };
  return options.privateKey === undefined ? file : signAuditFile(file, options.privateKey);
}

/**
 * Signs an audit file with an Ed25519 private key (a `KeyObject`, or PEM), adding `signature` (replacing
 * one it had). Public as the `privateKey` option of {@link toAuditFile}.
 *
 * @throws {AuditSignatureError} `wrong_key_type`: the key is not an Ed25519 private key.
 */
export function signAuditFile(file: AuditFile, privateKey: KeyObject | string): AuditFile {
  const key = typeof privateKey === "string" ? parseKey(() => createPrivateKey(privateKey)) : privateKey;
  if (key.type !== "private" || key.asymmetricKeyType !== "ed25519") {
    throw new AuditSignatureError("wrong_key_type", "the signing key is not an Ed25519 private key");
  }
  const { signature: _old, ...unsigned } = file;
  const value = sign(null, Buffer.from(canonicalJson(unsigned), "utf8"), key).toString("base64");
  const publicKey = createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
  return { ...unsigned, signature: { algorithm: "ed25519", publicKey, value } };
}

/**
 * Checks an audit file's signature. With `publicKey` (the key you trust, PEM or `KeyObject`), the file must
 * be signed by that key; without, by the key it names (which shows only that the file was not changed
 * after it was signed by whoever holds that key).
 *
 * @throws {AuditSignatureError} `unsigned`, `key_mismatch` (signed by another key than the one trusted),
 * `bad_signature` (the file changed after it was signed, or the signature is not valid), `wrong_key_type`.
 *
 * @example
 * ```ts
 * import { verifyAuditFile } from "referral-kit/dispatch";
 *
 * verifyAuditFile(JSON.parse(readFileSync("audit.json", "utf8")), { publicKey: readFileSync("audit.pub", "utf8") });
 * ```
 */
export function verifyAuditFile(file: AuditFile, options: { publicKey?: KeyObject | string } = {}): void {
  const { signature, ...unsigned } = file;
  if (!signature) throw new AuditSignatureError("unsigned", "the audit file is not signed");
  if (signature.algorithm !== "ed25519") {
    throw new AuditSignatureError(
      "wrong_key_type",
      `the audit file is signed with ${String(signature.algorithm)}, not ed25519`,
    );
  }
  const named = parseKey(() => createPublicKey(signature.publicKey));
  const trusted =
    options.publicKey === undefined
      ? named
      : typeof options.publicKey === "string"
        ? parseKey(() => createPublicKey(options.publicKey as string))
        : options.publicKey;
  if (trusted.asymmetricKeyType !== "ed25519") {
    throw new AuditSignatureError("wrong_key_type", "the public key is not an Ed25519 key");
  }
  const spki = (key: KeyObject) => key.export({ type: "spki", format: "der" }).toString("base64");
  const trustedPublic = trusted.type === "public" ? trusted : createPublicKey(trusted);
  if (spki(trustedPublic) !== spki(named)) {
    throw new AuditSignatureError(
      "key_mismatch",
      "the audit file is signed by another key than the one given",
    );
  }
  const valid = verify(
    null,
    Buffer.from(canonicalJson(unsigned), "utf8"),
    trustedPublic,
    Buffer.from(signature.value, "base64"),
  );
  if (!valid) {
    throw new AuditSignatureError(
      "bad_signature",
      "the signature does not match: the audit file was changed after it was signed",
    );
  }
}

function parseKey(read: () => KeyObject): KeyObject {
  try {
    return read();
  } catch (error) {
    throw new AuditSignatureError("wrong_key_type", "the key cannot be read (expected PEM)", {
      cause: error,
    });
  }
}

const signatureMarker = Symbol.for("referral-kit.error.audit_signature");

/**
 * Thrown when an audit file cannot be signed or its signature does not hold. Messages never include key
 * material.
 *
 * @example
 * ```ts
 * import { AuditSignatureError } from "referral-kit/dispatch";
 *
 * if (AuditSignatureError.isInstance(error)) console.error(error.reason);
 * ```
 */
export class AuditSignatureError extends ReferralKitError {
  declare readonly code: "audit_signature";
  /** Why the signature was refused. */
  readonly reason: "unsigned" | "key_mismatch" | "bad_signature" | "wrong_key_type";

  constructor(reason: AuditSignatureError["reason"], message: string, options: { cause?: unknown } = {}) {
    super("audit_signature", message, options);
    this.name = "AuditSignatureError";
    markError(this, signatureMarker);
    this.reason = reason;
  }

  static override isInstance(value: unknown): value is AuditSignatureError {
    return hasMarker(value, signatureMarker);
  }
}
