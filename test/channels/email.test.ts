import { createServer, type Socket } from "node:net";
import { simpleParser } from "mailparser";
import {
  AdapterError,
  AuthenticationError,
  NetworkError,
  RejectedByPlatformError,
  TimeoutError,
} from "referral-kit/adapter";
import { createEmailAdapter } from "referral-kit/adapters/email";
import { afterEach, describe, expect, it } from "vitest";
import { findReferenceToken } from "../../adapters/email/token.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink.js";
import { approvedRequest, hasOpenssl, selfSignedCertificate } from "./email-fixtures.js";

const PASSWORD = "s3cret-smtp-password-do-not-log";
const to = "gov-requests@platform.example";
const from = "CTU Referrals <referrals@ctu.gov.example>";

let sinks: SmtpSink[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(sinks.splice(0).map((sink) => sink.close()));
});

async function sink(options: Parameters<typeof startSmtpSink>[0] = {}) {
  const started = await startSmtpSink(options);
  sinks.push(started);
  return started;
}

function adapter(port: number, overrides: Partial<Parameters<typeof createEmailAdapter>[0]> = {}) {
  const created = createEmailAdapter({
    platform: "x",
    to,
    from,
    transport: {
      host: "127.0.0.1",
      port,
      requireTLS: false,
      auth: { user: "referrals", pass: PASSWORD },
      connectionTimeoutMs: 5_000,
      greetingTimeoutMs: 5_000,
      socketTimeoutMs: 5_000,
    },
    now: () => Date.parse("2025-03-01T10:00:00Z"),
    ...overrides,
  });
  closers.push(() => created.close());
  return created;
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("the email adapter against a real SMTP server on loopback", () => {
  it("sends a readable referral with the token in the subject and a JSON attachment, and keeps the server's answer as the receipt", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD } });
    const request = approvedRequest();
    const receipt = await adapter(server.port).submit(
      { request, targets: request.targets },
      { idempotencyKey: "req-1:batch-0" },
    );

    expect(receipt.platformRef).toMatch(/^RK-req-1-[0-9a-f]{8}$/);
    expect(receipt.acceptedAt).toBe("2025-03-01T10:00:00.000Z");
    expect(receipt.targets).toEqual([
      { key: "x:fictional_ttp_media", status: "accepted", platformRef: receipt.platformRef },
      { key: "x:fictional_ttp_news", status: "accepted", platformRef: receipt.platformRef },
    ]);
    const raw = receipt.raw as {
      messageId: string;
      response: string;
      accepted: string[];
      rejected: string[];
    };
    expect(raw.response).toMatch(/^250 /);
    expect(raw.accepted).toEqual([to]);
    expect(raw.rejected).toEqual([]);
    expect(raw.messageId).toMatch(/^<rk\.[0-9a-f]{32}@ctu\.gov\.example>$/);

    expect(server.messages).toHaveLength(1);
    const message = server.messages[0]!;
    expect(message.user).toBe("referrals");
    expect(message.to).toEqual([to]);
    const mail = await simpleParser(message.raw);
    expect(mail.messageId).toBe(raw.messageId);
    expect(findReferenceToken(mail.subject ?? "")?.token).toBe(receipt.platformRef);
    expect(mail.text).toContain("Prevention of Electronic Crimes Act 2016 (Pakistan), s. 37");
    expect(mail.text).toContain("ttp: un-1267 reference QDe.132");
    expect(mail.text).toContain("Deadline: 2025-03-03T10:00:00Z");
    expect(mail.text).toContain("https://x.com/fictional_ttp_media");
    expect(mail.html).toContain("<table>");
    // Evidence by hash only: the evidence URL never leaves the agency.
    expect(message.raw.toString("utf8")).not.toContain("evidence.example.org");
    expect(mail.attachments).toHaveLength(1);
    const json = JSON.parse(mail.attachments[0]!.content.toString("utf8"));
    expect(mail.attachments[0]!.contentType).toBe("application/json");
    expect(json.reference).toBe(receipt.platformRef);
    expect(json.targets[0].evidence).toEqual([
      { contentHash: `sha256:${"ab".repeat(32)}`, capturedAt: "2025-03-01T08:00:00Z" },
    ]);
    expect(JSON.stringify(receipt)).not.toContain(PASSWORD);
  });

  it("gives a retried send the same Message-ID and reference, and a different batch different ones", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD } });
    const email = adapter(server.port, {
      transport: {
        host: "127.0.0.1",
        port: server.port,
        requireTLS: false,
        auth: { user: "referrals", pass: PASSWORD },
        pool: { maxConnections: 1 },
      },
    });
    const request = approvedRequest();
    const input = { request, targets: request.targets };
    const first = await email.submit(input, { idempotencyKey: "req-1:batch-0" });
    const retried = await email.submit(input, { idempotencyKey: "req-1:batch-0" });
    const other = await email.submit(input, { idempotencyKey: "req-1:batch-1" });
    const ids = [first, retried, other].map((r) => (r.raw as { messageId: string }).messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(first.platformRef).toBe(retried.platformRef);
    expect(other.platformRef).not.toBe(first.platformRef);
    expect(server.messages).toHaveLength(3);
  });

  it("maps refused credentials to AuthenticationError, with the password nowhere in the error", async () => {
    const server = await sink({ auth: { user: "referrals", pass: "the-right-one" } });
    const request = approvedRequest();
    const error = await failure(
      adapter(server.port).submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AdapterError).retryable).toBe(false);
    expect((error as AuthenticationError).platformMessage).toContain("535");
    const everything = JSON.stringify({
      json: (error as AdapterError).toJSON(),
      message: (error as Error).message,
      stack: (error as Error).stack,
      cause: String((error as Error).cause),
    });
    expect(everything).not.toContain(PASSWORD);
    expect(server.messages).toHaveLength(0);
  });

  it("treats a refused recipient as a rejection, never a success", async () => {
    const server = await sink({
      auth: { user: "referrals", pass: PASSWORD },
      rejectRecipient: (a) => a === to,
    });
    const request = approvedRequest();
    const error = await failure(
      adapter(server.port).submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    );
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect((error as RejectedByPlatformError).platformCode).toBe("550");
    expect((error as AdapterError).retryable).toBe(false);
    expect(server.messages).toHaveLength(0);
  });

  it("treats one refused recipient among several as a rejection naming it", async () => {
    const server = await sink({
      auth: { user: "referrals", pass: PASSWORD },
      rejectRecipient: (a) => a === "legal@platform.example",
    });
    const request = approvedRequest();
    const error = await failure(
      adapter(server.port, { cc: ["legal@platform.example"] }).submit(
        { request, targets: request.targets },
        { idempotencyKey: "k" },
      ),
    );
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("legal@platform.example");
    expect((error as Error).message).toContain("a copy may have gone there");
  });

  it("maps a connection dropped in the middle of DATA to a retryable NetworkError", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD }, dropDuringData: true });
    const request = approvedRequest();
    const error = await failure(
      adapter(server.port).submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    );
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as AdapterError).retryable).toBe(true);
    expect(server.messages).toHaveLength(0);
  });

  it("maps a refused connection to a NetworkError", async () => {
    const server = await sink();
    const { port } = server;
    await server.close();
    sinks = [];
    const request = approvedRequest();
    const error = await failure(
      adapter(port).submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    );
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("maps a server that never answers to a retryable TimeoutError", async () => {
    // A TCP server that accepts and stays silent: no SMTP greeting ever comes.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const request = approvedRequest();
      const email = adapter(port, {
        transport: {
          host: "127.0.0.1",
          port,
          requireTLS: false,
          greetingTimeoutMs: 200,
          socketTimeoutMs: 200,
        },
      });
      const error = await failure(
        email.submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
      );
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as AdapterError).retryable).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("refuses to send in clear when requireTLS is set and the server offers no STARTTLS", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD } });
    const request = approvedRequest();
    const email = adapter(server.port, {
      transport: {
        host: "127.0.0.1",
        port: server.port,
        requireTLS: true,
        auth: { user: "referrals", pass: PASSWORD },
      },
    });
    const error = await failure(email.submit({ request, targets: request.targets }, { idempotencyKey: "k" }));
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(server.messages).toHaveLength(0);
    expect(JSON.stringify((error as AdapterError).toJSON())).not.toContain(PASSWORD);
  });

  it("stops at an aborted signal before any SMTP", async () => {
    const server = await sink();
    const request = approvedRequest();
    const controller = new AbortController();
    controller.abort(new Error("operator cancelled"));
    const error = await failure(
      adapter(server.port).submit(
        { request, targets: request.targets },
        { idempotencyKey: "k", signal: controller.signal },
      ),
    );
    expect((error as Error).message).toBe("operator cancelled");
    expect(server.messages).toHaveLength(0);
  });
});

describe.skipIf(!hasOpenssl)("the email adapter over STARTTLS (certificate made with openssl)", () => {
  const certificate = hasOpenssl ? selfSignedCertificate() : { key: "", cert: "" };

  it("upgrades with STARTTLS, verifies the pinned certificate, then authenticates and sends", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD }, tls: certificate });
    const request = approvedRequest();
    const receipt = await adapter(server.port, {
      transport: {
        host: "127.0.0.1",
        port: server.port,
        requireTLS: true,
        auth: { user: "referrals", pass: PASSWORD },
        tls: { ca: certificate.cert, servername: "localhost" },
      },
    }).submit({ request, targets: request.targets }, { idempotencyKey: "k" });
    expect((receipt.raw as { response: string }).response).toMatch(/^250 /);
    expect(server.messages).toHaveLength(1);
  });

  it("refuses a server whose certificate it does not trust", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD }, tls: certificate });
    const request = approvedRequest();
    const error = await failure(
      adapter(server.port, {
        transport: {
          host: "127.0.0.1",
          port: server.port,
          requireTLS: true,
          auth: { user: "referrals", pass: PASSWORD },
        },
      }).submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    );
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(server.messages).toHaveLength(0);
  });
});

describe("the SMTP password from the environment", () => {
  it("reads REFERRAL_KIT_SMTP_PASSWORD when auth has no pass, and names both places when it is missing", async () => {
    const server = await sink({ auth: { user: "referrals", pass: PASSWORD } });
    const request = approvedRequest();
    const transport = {
      host: "127.0.0.1",
      port: server.port,
      requireTLS: false,
      auth: { user: "referrals" },
    };
    const missing = await failure(
      adapter(server.port, { transport }).submit(
        { request, targets: request.targets },
        { idempotencyKey: "k" },
      ),
    );
    expect(AuthenticationError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain("REFERRAL_KIT_SMTP_PASSWORD");
    process.env.REFERRAL_KIT_SMTP_PASSWORD = PASSWORD;
    try {
      const receipt = await adapter(server.port, { transport }).submit(
        { request, targets: request.targets },
        { idempotencyKey: "k" },
      );
      expect(receipt.platformRef).toMatch(/^RK-req-1-/);
    } finally {
      delete process.env.REFERRAL_KIT_SMTP_PASSWORD;
    }
  });
});
