/**
 * The email channel against a misbehaving SMTP server (test/channels/support/scripted-smtp.ts): one that
 * drops the connection in the middle of DATA, answers 4xx and then 2xx, stalls after EHLO, or offers
 * STARTTLS and then refuses it or shows a certificate the client must not trust. Every failure is a
 * typed error saying whether trying again may help; a retried send carries the same Message-ID; the
 * password never reaches the server in clear and never appears in an error.
 */
import { inspect } from "node:util";
import { AdapterError } from "referral-kit/adapter";
import { createEmailAdapter, type EmailTransportConfig } from "referral-kit/adapters/email";
import { afterEach, describe, expect, it } from "vitest";
import { approvedRequest, hasOpenssl, selfSignedCertificate } from "./email-fixtures.js";
import { type ScriptedSmtp, type SmtpScript, startScriptedSmtp } from "./support/scripted-smtp.js";

const PASSWORD = "hostile-smtp-password-do-not-log";
const to = "gov-requests@platform.example";

const servers: ScriptedSmtp[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function smtp(script: SmtpScript = {}) {
  const server = await startScriptedSmtp(script);
  servers.push(server);
  return server;
}

function adapter(port: number, transport: Partial<EmailTransportConfig> = {}) {
  const created = createEmailAdapter({
    platform: "x",
    to,
    cc: ["legal@platform.example"],
    from: "CTU Referrals <referrals@ctu.gov.example>",
    transport: {
      host: "127.0.0.1",
      port,
      requireTLS: false,
      auth: { user: "referrals", pass: PASSWORD },
      connectionTimeoutMs: 2_000,
      greetingTimeoutMs: 2_000,
      socketTimeoutMs: 2_000,
      ...transport,
    },
  });
  closers.push(() => created.close());
  return created;
}

async function submit(email: ReturnType<typeof adapter>, key = "req-1:batch-0", signal?: AbortSignal) {
  const request = approvedRequest();
  return email.submit(
    { request, targets: request.targets },
    { idempotencyKey: key, ...(signal ? { signal } : {}) },
  );
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the send to fail");
}

/** The error is an adapter error of this code and retryability, with the password nowhere in it. */
function expectTyped(error: unknown, code: AdapterError["code"], retryable: boolean): AdapterError {
  expect(AdapterError.isInstance(error), inspect(error)).toBe(true);
  expect(error).toMatchObject({ code, retryable });
  expect(`${inspect(error, { depth: 12 })} ${JSON.stringify(error)}`).not.toContain(PASSWORD);
  return error as AdapterError;
}

const messageId = (raw: string) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
const plainAuth = (server: ScriptedSmtp) =>
  server.commands.filter((c) => c.line.startsWith("AUTH") && !c.encrypted);

describe("the email channel against a misbehaving SMTP server", () => {
  it("a connection dropped in the middle of DATA is a retryable NetworkError, never a receipt", async () => {
    const server = await smtp({ dropAfterDataBytes: 200 });
    const error = await failure(submit(adapter(server.port)));
    expectTyped(error, "network_error", true);
    expect(server.messages).toHaveLength(0);
  });

  it("a 4xx at the end of DATA is a retryable error; the retry succeeds with the same Message-ID", async () => {
    const server = await smtp({
      dataEnd: (session) =>
        session === 1 ? "451 4.3.0 Temporary local problem, try later" : "250 2.0.0 OK queued as 2",
    });
    const email = adapter(server.port);
    const error = expectTyped(await failure(submit(email)), "platform_error", true);
    expect(error.message).toContain("451");
    expect(server.messages).toHaveLength(0);
    const receipt = await submit(email);
    expect((receipt.raw as { response: string }).response).toMatch(/^250 /);
    expect(server.messages).toHaveLength(1);
    const ids = server.transmitted.map(messageId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
    expect(ids[0]).toBe((receipt.raw as { messageId: string }).messageId);
  });

  it("a 4xx on every recipient (greylisting) is retryable, and nothing was sent", async () => {
    const server = await smtp({
      rcpt: (_address, session) => (session === 1 ? "450 4.2.0 Greylisted, try again later" : "250 2.1.5 OK"),
    });
    const email = adapter(server.port);
    expectTyped(await failure(submit(email)), "platform_error", true);
    expect(server.messages).toHaveLength(0);
    await submit(email);
    expect(server.messages).toHaveLength(1);
  });

  it("a 4xx on one recipient of two is retryable (temporary), and names the recipient", async () => {
    const server = await smtp({
      rcpt: (address, session) =>
        session === 1 && address === "legal@platform.example"
          ? "452 4.2.2 Mailbox full, try later"
          : "250 2.1.5 OK",
    });
    const email = adapter(server.port);
    const error = expectTyped(await failure(submit(email)), "platform_error", true);
    expect(error.message).toContain("legal@platform.example");
  });

  it("a 5xx on one recipient of two stays a permanent rejection naming it", async () => {
    const server = await smtp({
      rcpt: (address) => (address === "legal@platform.example" ? "550 5.1.1 No such user" : "250 2.1.5 OK"),
    });
    const error = expectTyped(await failure(submit(adapter(server.port))), "rejected_by_platform", false);
    expect(error.message).toContain("legal@platform.example");
  });

  it("a server that stalls after EHLO is a retryable TimeoutError within the socket timeout", async () => {
    const server = await smtp({ stallAfterEhlo: true });
    const started = Date.now();
    const error = await failure(submit(adapter(server.port, { socketTimeoutMs: 300 })));
    expectTyped(error, "timeout", true);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.messages).toHaveLength(0);
  });

  it("a stalled server does not hold a caller who gives up: the send rejects with the signal's reason", async () => {
    const server = await smtp({ stallAfterEhlo: true });
    const controller = new AbortController();
    const reason = new Error("operator cancelled");
    const sending = failure(
      submit(adapter(server.port, { socketTimeoutMs: 60_000 }), "req-1:batch-0", controller.signal),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = Date.now();
    controller.abort(reason);
    expect(await sending).toBe(reason);
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
  });

  it("refuses to send when STARTTLS is required and the server refuses it: no password in clear", async () => {
    const server = await smtp({ starttls: "refuse" });
    const error = await failure(submit(adapter(server.port, { requireTLS: true })));
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(`${inspect(error, { depth: 12 })}`).not.toContain(PASSWORD);
    expect(plainAuth(server)).toEqual([]);
    expect(server.commands.some((c) => c.line.startsWith("MAIL"))).toBe(false);
    expect(server.messages).toHaveLength(0);
  });
});

describe.skipIf(!hasOpenssl)("the email channel against STARTTLS with a bad certificate", () => {
  const certificate = hasOpenssl ? selfSignedCertificate() : { key: "", cert: "" };

  it("a self-signed certificate it was not told to trust: a NetworkError, and nothing sent over it", async () => {
    const server = await smtp({ starttls: certificate });
    const error = await failure(submit(adapter(server.port, { requireTLS: true })));
    expectTyped(error, "network_error", true);
    expect(server.commands.some((c) => c.line.startsWith("AUTH") || c.line.startsWith("MAIL"))).toBe(false);
    expect(server.messages).toHaveLength(0);
  });

  it("a trusted certificate for another name: a NetworkError, and nothing sent over it", async () => {
    const server = await smtp({ starttls: certificate });
    const error = await failure(
      submit(
        adapter(server.port, {
          requireTLS: true,
          tls: { ca: certificate.cert, servername: "smtp.other.example" },
        }),
      ),
    );
    expectTyped(error, "network_error", true);
    expect(server.commands.some((c) => c.line.startsWith("AUTH") || c.line.startsWith("MAIL"))).toBe(false);
  });

  it("the same server with the certificate pinned: upgraded before AUTH, then sent", async () => {
    const server = await smtp({ starttls: certificate });
    const receipt = await submit(
      adapter(server.port, { requireTLS: true, tls: { ca: certificate.cert, servername: "localhost" } }),
    );
    expect((receipt.raw as { response: string }).response).toMatch(/^250 /);
    const auth = server.commands.filter((c) => c.line.startsWith("AUTH"));
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((c) => c.encrypted)).toBe(true);
    expect(server.messages).toHaveLength(1);
  });
});
