/**
 * A minimal loopback HTTP platform for the dispatch tests, standing in for the six platforms. Written
 * before the sandbox (`startSandbox`, the real platform mocks over HTTP) existed; the kill-and-restart
 * test now runs against the sandbox and the reference adapters (support/sandbox-platforms.ts). This
 * stand-in stays where a test needs what the sandbox does not offer: a fault decided per call by a
 * function of the test's own (storm-and-abort), a latency set per test (storm-and-abort,
 * postgres-workers), one generic protocol for every platform (postgres-workers, cli), and the benchmark's
 * `--server loopback`.
 *
 * Protocol: `POST /<platform>/reports` with an `Idempotency-Key` header and `{ requestId, targets }`
 * creates a report once per key (a repeated key returns the first receipt, 200); `GET
 * /<platform>/reports/<id>` returns its status. It records every POST (repeats included), every report it
 * created, and how many reports each target got: the independent view the tests check against.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface MockReport {
  id: string;
  platform: string;
  key: string;
  requestId: string;
  targets: string[];
  acceptedAt: string;
  status: string;
}

export interface MockFault {
  status: number;
  retryAfterSeconds?: number;
}

export interface MockServer {
  url: string;
  /** Every POST, in arrival order, repeats included. */
  posts: { platform: string; key: string }[];
  /** Reports created, by idempotency key. */
  reports: Map<string, MockReport>;
  /** Reports per target (`platform:target key`): exactly one each is the goal. */
  perTarget: Map<string, number>;
  /** Answer POSTs to a platform with this fault while it returns one (return undefined to answer normally). */
  fault: (platform: string) => MockFault | undefined;
  /** Milliseconds each POST waits before answering. */
  latencyMs: number;
  setStatus(reportId: string, status: string): void;
  close(): Promise<void>;
}

export async function startMockServer(): Promise<MockServer> {
  const state: Omit<MockServer, "url" | "close" | "setStatus"> = {
    posts: [],
    reports: new Map(),
    perTarget: new Map(),
    fault: () => undefined,
    latencyMs: 0,
  };
  const byId = new Map<string, MockReport>();
  let next = 1;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://mock");
    const [, platform, resource, id] = url.pathname.split("/");
    if (!platform || resource !== "reports") return send(res, 404, { error: "not_found" });
    if (req.method === "POST" && !id) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        requestId: string;
        targets: string[];
      };
      const key = String(req.headers["idempotency-key"] ?? "");
      if (!key) return send(res, 400, { error: "idempotency_key_required" });
      state.posts.push({ platform, key });
      if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
      const fault = state.fault(platform);
      if (fault) {
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
        return send(res, fault.status, { error: "fault", status: fault.status }, headers);
      }
      const existing = state.reports.get(key);
      if (existing) return send(res, 200, receipt(existing));
      const report: MockReport = {
        id: `${platform}-${next++}`,
        platform,
        key,
        requestId: body.requestId,
        targets: body.targets,
        acceptedAt: new Date().toISOString(),
        status: "RECEIVED",
      };
      state.reports.set(key, report);
      byId.set(report.id, report);
      for (const target of body.targets) {
        const targetId = `${platform}:${target}`;
        state.perTarget.set(targetId, (state.perTarget.get(targetId) ?? 0) + 1);
      }
      return send(res, 201, receipt(report));
    }
    if (req.method === "GET" && id) {
      const report = byId.get(id);
      if (!report) return send(res, 404, { error: "not_found" });
      return send(res, 200, { id: report.id, status: report.status, updatedAt: new Date().toISOString() });
    }
    return send(res, 405, { error: "method_not_allowed" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    setStatus(reportId: string, status: string) {
      const report = byId.get(reportId);
      if (report) report.status = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function receipt(report: MockReport) {
  return {
    id: report.id,
    acceptedAt: report.acceptedAt,
    targets: report.targets.map((key) => ({ key, status: "accepted" })),
  };
}
