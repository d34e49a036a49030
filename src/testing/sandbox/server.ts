/**
 * The sandbox: the six platform mocks on a real local HTTP server, so tools written in any language can
 * develop against the modelled protocols (as stripe-mock does for Stripe). Each platform answers under
 * its own path prefix; `/__sandbox` drives the clocks, faults and scenarios.
 */

import type { Server } from "node:http";
import { KNOWN_PLATFORM_IDS, type KnownPlatformId } from "../../domain/platforms.js";
import type { PlatformMock } from "../mock/types.js";
import { MOCK_CREDENTIALS } from "../mocks/credentials.js";
import { SandboxCalls } from "./calls.js";
import { SandboxHostError } from "./errors.js";
import { isLoopbackHost } from "./loopback.js";
import { createSandboxMock, sandboxPlatformUrl } from "./platforms.js";
import {
  PAGE_PREFIX,
  pageTargetKey,
  resolvePage,
  type SandboxPage,
  type SandboxPageAvailability,
} from "./public-pages.js";
import { resolvePlatformScenario, type SandboxScenario } from "./scenario-file.js";

/**
 * A running sandbox. `close()` stops it: calls left hanging by a `timeout` fault are released, open
 * connections closed.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ port: 0 });
 * try {
 *   console.log(sandbox.url, sandbox.platforms.telegram.url);
 * } finally {
 *   await sandbox.close();
 * }
 * ```
 */
export interface Sandbox<P extends KnownPlatformId = KnownPlatformId> {
  /** The origin, `http://127.0.0.1:4010`; the admin endpoints are at `${url}/__sandbox`. */
  readonly url: string;
  readonly host: string;
  /** The port listened on (the one picked when `port` was 0). */
  readonly port: number;
  /**
   * The platforms served, by id: each one's `url` (the base URL to give its adapter,
   * `http://127.0.0.1:4010/x/2`), `mock` (to inspect and control from JavaScript), `credentials` (the
   * test credentials it accepts, by adapter option name, as in `MOCK_CREDENTIALS`) and `publicUrl` (its
   * public pages, `http://127.0.0.1:4010/public/x`, for the verification probe's `baseUrls`: a target's
   * page is this plus the path of its canonical URL).
   *
   * @example
   * ```ts
   * const { url, credentials } = sandbox.platforms.x;
   * const x = createXAdapter({ baseUrl: url, bearerToken: credentials.bearerToken });
   * ```
   */
  readonly platforms: {
    readonly [K in P]: {
      readonly id: K;
      readonly url: string;
      readonly mock: PlatformMock;
      readonly credentials: (typeof MOCK_CREDENTIALS)[K];
      readonly publicUrl: string;
    };
  };
  /** The mocks, by platform (the same objects as `platforms[id].mock`). */
  readonly mocks: Readonly<Record<P, PlatformMock>>;
  /** Virtual milliseconds per real millisecond (0: clocks move only when advanced). */
  readonly speed: number;
  /** Moves every platform's virtual clock forward. */
  advance(ms: number): void;
  /**
   * Where a target's public page stands: its availability and why (an override, the submission that
   * decided it, or the default). `path` is the path of the target's canonical URL, or the URL itself.
   */
  page(platform: P, path: string): SandboxPage;
  /**
   * Overrides a public page (a reinstatement, a login wall) until cleared with `null` or a reset; the same
   * as `POST /__sandbox/page`.
   */
  setPage(platform: P, path: string, availability: SandboxPage["availability"] | null): SandboxPage;
  /**
   * Resets every mock (records, submissions, injections, clock; the scenario goes back to the start one)
   * and clears every page override.
   */
  reset(): void;
  /** Stops listening, releases hanging calls and closes every connection. */
  close(): Promise<void>;
}

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * Starts the sandbox: the built-in platform mocks on a real HTTP server, each under its own prefix
 * (`/facebook/v21.0`, `/instagram/v21.0`, `/whatsapp/v1`, `/tiktok/v2`, `/x/2`, `/telegram`), with the
 * admin endpoints under `/__sandbox`. Listens on loopback unless told otherwise; refuses any other
 * address without `exposeOnNetwork` ({@link SandboxHostError}). Faults behave as on the wire: `reset`
 * drops the connection, `timeout` holds the call until the client gives up.
 *
 * @throws {SandboxHostError} a non-loopback `host` without `exposeOnNetwork`.
 *
 * @example
 * ```ts
 * import { startSandbox } from "referral-kit/testing";
 * import { createXAdapter } from "referral-kit/adapters/x";
 *
 * const sandbox = await startSandbox({ port: 0, seed: 7 });
 * const x = createXAdapter({ baseUrl: sandbox.platforms.x.url, bearerToken: sandbox.platforms.x.credentials.bearerToken });
 * const receipt = await x.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * sandbox.advance(3 * 24 * 3_600_000);
 * console.log(await x.getStatus({ platformRef: receipt.platformRef }));
 * await sandbox.close();
 * ```
 *
 * @typeParam P - the platforms served (all six by default).
 */
export async function startSandbox<const P extends KnownPlatformId = KnownPlatformId>(
  options: {
    /** The port; `0` (the default) picks a free one (read it from `sandbox.port`). */
    readonly port?: number;
    /** The address to listen on (default `127.0.0.1`). Anything but loopback needs `exposeOnNetwork`. */
    readonly host?: string;
    /** Allows a non-loopback `host`: other machines can then reach the mocks and their test credentials. */
    readonly exposeOnNetwork?: boolean;
    /** How the platforms decide, the seed, the clocks' start and speed (a parsed scenario file). */
    readonly scenario?: SandboxScenario;
    /** Seeds every platform (replaces the scenario's top-level `seed`). */
    readonly seed?: number;
    /** The platforms to serve (default all six). */
    readonly platforms?: readonly P[];
    /** The largest request body taken, in bytes (default 1 MiB); larger bodies get 413. */
    readonly maxBodyBytes?: number;
  } = {},
): Promise<Sandbox<P>> {
  const { host, port, ids } = checkedOptions(options);
  const scenario = options.scenario ?? {};
  const speed = scenario.speed ?? 0;

  const { createServer } = await import("node:http");
  // Its platforms are filled once the port is known: the mocks' base URLs must equal the URLs clients call.
  const calls = new SandboxCalls(speed, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
  const { served, pages, inFlight } = calls;
  const server: Server = createServer((req, res) => calls.answer(req, res));
  // Idle connections outlive any client's keep-alive (undici keeps one 4 s): with node's default of 5 s, a
  // client starved of CPU for a second can reuse a socket the server is closing and see "other side closed".
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address !== null ? address.port : port;
  const origin = `http://${host.includes(":") ? `[${host.replace(/^\[|\]$/g, "")}]` : host}:${boundPort}`;
  calls.origin = origin;

  const publicUrls = new Map<KnownPlatformId, string>();
  for (const id of ids) {
    const url = sandboxPlatformUrl(origin, id);
    const mock = createSandboxMock(id, {
      baseUrl: url,
      scenario: resolvePlatformScenario(scenario, id, options.seed),
      startTime: scenario.startTime,
    });
    served.set(id, { id, url, mock, credentials: MOCK_CREDENTIALS[id] });
    publicUrls.set(id, `${origin}${PAGE_PREFIX}/${id}`);
  }
  calls.startClocks();

  const platforms = Object.fromEntries(
    ids.map((id) => [id, { ...served.get(id), publicUrl: publicUrls.get(id) }]),
  ) as Sandbox<P>["platforms"];
  const mocks = Object.fromEntries(ids.map((id) => [id, served.get(id)?.mock])) as Record<P, PlatformMock>;
  let closing: Promise<void> | undefined;
  const pageOf = (id: KnownPlatformId, path: string): SandboxPage => {
    const platform = served.get(id);
    if (!platform) throw new RangeError(`this sandbox serves no platform ${JSON.stringify(id)}`);
    calls.tick();
    const key = pageTargetKey(id, path);
    if (key === undefined) {
      throw new RangeError(`${JSON.stringify(path)} is not the public page of a ${id} account or post`);
    }
    return resolvePage(id, key, platform.mock, pages);
  };

  return Object.freeze({
    url: origin,
    host,
    port: boundPort,
    platforms: Object.freeze(platforms),
    mocks: Object.freeze(mocks),
    speed,
    advance(ms: number) {
      calls.tick();
      for (const platform of served.values()) platform.mock.advance(ms);
    },
    page(id: P, path: string) {
      return pageOf(id, path);
    },
    setPage(id: P, path: string, availability: SandboxPageAvailability | null) {
      pages.set(id, pageOf(id, path).key, availability);
      return pageOf(id, path);
    },
    reset() {
      for (const platform of served.values()) {
        platform.mock.reset();
        pages.clear(platform.id);
      }
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const controller of inFlight) controller.abort(new Error("the sandbox is closing"));
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  });
}

/** The host, port and platforms of the options, refused with a reason when they cannot be served. */
function checkedOptions<P extends KnownPlatformId>(
  options: NonNullable<Parameters<typeof startSandbox<P>>[0]>,
): { host: string; port: number; ids: P[] } {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && options.exposeOnNetwork !== true) throw new SandboxHostError(host);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be a whole number from 0 to 65535, got ${port}`);
  }
  const ids = [
    ...new Set(options.platforms ?? (KNOWN_PLATFORM_IDS as readonly KnownPlatformId[] as readonly P[])),
  ];
  for (const id of ids) {
    if (!KNOWN_PLATFORM_IDS.includes(id)) {
      throw new RangeError(
        `the sandbox has no platform ${JSON.stringify(id)}; it has ${KNOWN_PLATFORM_IDS.join(", ")}`,
      );
    }
  }
  return { host, port, ids };
}
