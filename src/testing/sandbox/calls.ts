/**
 * Every call the sandbox's HTTP server takes: admin endpoints, public pages and platform calls, each
 * answered by the right part, with the clocks caught up first.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getResponse } from "msw";
import type { KnownPlatformId } from "../../domain/platforms.js";
import { mockInternals } from "../mock/internals.js";
import { ADMIN_PREFIX, type AdminContext, type AdminPlatform, handleAdmin } from "./admin.js";
import {
  BodyTooLarge,
  bodyText,
  readBody,
  resetConnection,
  toFetchRequest,
  writeJson,
  writeResponse,
} from "./http-bridge.js";
import { answerPublicPage, PAGE_PREFIX, PageOverrides } from "./public-pages.js";

/**
 * The sandbox's routing and its shared state: the platforms served, the page overrides, the calls in
 * flight, and the clocks, which follow real time at `speed` (caught up lazily, on each call: no timer to
 * leak).
 * @internal
 *
 * @example
 * ```ts
 * const calls = new SandboxCalls(0, 1024 * 1024);
 * const server = createServer((req, res) => calls.answer(req, res));
 * ```
 */
export class SandboxCalls {
  /** The sandbox's origin, set once the server listens. */
  origin = "";
  readonly served = new Map<KnownPlatformId, AdminPlatform>();
  readonly pages = new PageOverrides();
  /** Aborted when the client leaves before the answer is complete, or when the sandbox closes. */
  readonly inFlight = new Set<AbortController>();
  private lastTick = Date.now();

  constructor(
    readonly speed: number,
    private readonly maxBodyBytes: number,
  ) {}

  /** Starts the clocks from now (once the mocks exist). */
  startClocks(): void {
    this.lastTick = Date.now();
  }

  /** Catches the virtual clocks up with real time, at the sandbox's speed. */
  tick(): void {
    const now = Date.now();
    const elapsed = Math.floor((now - this.lastTick) * this.speed);
    if (this.speed > 0 && elapsed > 0) {
      for (const platform of this.served.values()) platform.mock.advance(elapsed);
      this.lastTick += elapsed / this.speed;
    } else if (this.speed === 0) {
      this.lastTick = now;
    }
  }

  /** Answers one call; an unexpected failure is a 500 in the sandbox's error shape. */
  answer(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      writeJson(res, 500, { error: { code: "sandbox_error", message } });
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.tick();
    const url = new URL(req.url ?? "/", this.origin);
    const method = req.method ?? "GET";
    let body: Buffer;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader("connection", "close");
        return writeJson(res, 413, { error: { code: "body_too_large", message: error.message } });
      }
      throw error;
    }
    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      const context: AdminContext = {
        url: this.origin,
        speed: this.speed,
        platforms: this.served,
        pages: this.pages,
      };
      const path = url.pathname.slice(ADMIN_PREFIX.length);
      const answer = handleAdmin(context, method, path, url.searchParams, body);
      return writeJson(res, answer.status, answer.body);
    }
    if (url.pathname.startsWith(`${PAGE_PREFIX}/`)) return this.page(method, url, res);
    return this.platformCall(req, res, method, url, body);
  }

  private async page(method: string, url: URL, res: ServerResponse): Promise<void> {
    const [id = "", ...rest] = url.pathname.slice(PAGE_PREFIX.length + 1).split("/");
    const platform = this.served.get(id as KnownPlatformId);
    if (!platform) return writeJson(res, 404, this.unknownRoute(method, url));
    if (method !== "GET" && method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return writeJson(res, 405, { error: { code: "method_not_allowed", message: "pages answer GET" } });
    }
    const page = answerPublicPage(platform.id, `/${rest.join("/")}${url.search}`, platform.mock, this.pages);
    return writeResponse(res, page, method);
  }

  private async platformCall(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    body: Buffer,
  ): Promise<void> {
    const prefix = url.pathname.split("/")[1] ?? "";
    const platform = this.served.get(prefix as KnownPlatformId);
    if (!platform) return writeJson(res, 404, this.unknownRoute(method, url));

    // A call held by a `timeout` fault is released when the client leaves or the sandbox closes, never before.
    const controller = new AbortController();
    this.inFlight.add(controller);
    res.once("close", () => {
      if (!res.writableFinished) controller.abort(new Error("the client closed the connection"));
      this.inFlight.delete(controller);
    });
    // The mock's own route table when it has one: the body goes in as text, read once, and msw's
    // per-call request clone and route compilation are skipped. Anything it does not route goes to msw.
    const dispatch = mockInternals(platform.mock)?.dispatch;
    const response =
      (dispatch &&
        (await dispatch(toFetchRequest(req, url, undefined, controller.signal), bodyText(method, body)))) ??
      (await getResponse([...platform.mock.handlers], toFetchRequest(req, url, body, controller.signal)));
    if (!response) return writeJson(res, 404, this.unknownRoute(method, url));
    // msw's network error: the connection breaks, as on a reset (or after the client already left).
    if (response.type === "error") return resetConnection(req);
    await writeResponse(res, response, method);
  }

  private unknownRoute(method: string, url: URL) {
    return {
      error: {
        code: "no_route",
        message: `no sandbox route for ${method} ${url.pathname}`,
        platforms: Object.fromEntries([...this.served.values()].map((p) => [p.id, p.url])),
        admin: `${ADMIN_PREFIX}`,
      },
    };
  }
}
