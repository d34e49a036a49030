import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReferralRequest } from "referral-kit";
import { approved, makeRequest, withEvents } from "../support/requests.js";

/** An approved request on `platform` with two targets. */
export function approvedRequest(id = "req-1"): ReferralRequest {
  const base = makeRequest({ id });
  const second = {
    ...base.targets[0]!,
    target: {
      type: "account" as const,
      account: { kind: "username" as const, platform: "x", username: "fictional_ttp_news" },
    },
  };
  return withEvents({ ...base, targets: [...base.targets, second] }, approved);
}

/** True when the openssl command line is on this machine. */
export const hasOpenssl = spawnSync("openssl", ["version"], { encoding: "utf8" }).status === 0;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the openssl command line (node:crypto
 * cannot issue X.509 certificates). The client pins it as its only CA, so verification stays on.
 */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "rk-smtp-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "pipe" },
    );
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A platform's plain-text reply as an `.eml`, with a fresh Message-ID. */
export function replyEml(subject: string, body: string, date = "Tue, 04 Mar 2025 09:15:00 +0000"): string {
  return [
    "From: Platform Legal <legal@platform.example>",
    "To: referrals@ctu.gov.example",
    `Date: ${date}`,
    `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(16).slice(2)}@platform.example>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
}

/** The reference token of the email that carried the disclosure `disc-1` (see `makeDisclosure`). */
export const DISCLOSURE_TOKEN = "RK-disc-1-3f2a9c1b";

/** A reply (multipart when it carries files) to the disclosure `disc-1`. */
export function disclosureReply(
  messageId: string,
  body: string,
  files: readonly { filename: string; type: string; content: Buffer }[] = [],
): string {
  const head = [
    "From: Platform Law Enforcement Response <lers@platform.example>",
    "To: referrals@ctu.gov.example",
    "Date: Tue, 04 Mar 2025 09:15:00 +0000",
    `Subject: Re: [${DISCLOSURE_TOKEN}] Disclosure request`,
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
  ];
  if (files.length === 0) {
    return [...head, "Content-Type: text/plain; charset=utf-8", "", body, ""].join("\r\n");
  }
  const boundary = "rk-test-boundary";
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    ...files.flatMap((file) => [
      `--${boundary}`,
      `Content-Type: ${file.type}; name="${file.filename}"`,
      `Content-Disposition: attachment; filename="${file.filename}"`,
      "Content-Transfer-Encoding: base64",
      "",
      file.content.toString("base64"),
    ]),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
