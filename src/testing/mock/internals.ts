/**
 * What the sandbox reaches in a mock built by `definePlatformMock` besides its public surface: a direct
 * route table (the same routes as its msw handlers, matched as msw matches them, without msw's per-call
 * request clone, cookie parsing and path compilation) and its target index. Internal: not exported from
 * `referral-kit/testing`.
 */
import type { MockSubmission, PlatformMock } from "./types.js";

/**
 * Answers a call the way the mock's msw handlers would, given the body already read; `undefined` when no
 * route matches (the caller falls back to msw).
 */
export type DirectDispatch = (request: Request, rawBody: string) => Promise<Response> | undefined;

/** What a framework-built mock exposes to the sandbox. */
export interface MockInternals {
  /** Absent when a handler was not declared through `ctx.route` (msw alone knows how to answer it). */
  readonly dispatch: DirectDispatch | undefined;
  /** The submissions naming any of `keys`, in order of creation. */
  submissionsNamingAny(keys: readonly string[]): readonly MockSubmission[];
}

const registry = new WeakMap<PlatformMock, MockInternals>();

/** Registers a mock's internals (called by `definePlatformMock`). */
export function registerMockInternals(mock: PlatformMock, internals: MockInternals): void {
  registry.set(mock, internals);
}

/** The internals of a mock built by `definePlatformMock`; `undefined` for any other `PlatformMock`. */
export function mockInternals(mock: PlatformMock): MockInternals | undefined {
  return registry.get(mock);
}

/** A route pattern compiled once: what msw's `matchRequestUrl` (path-to-regexp 6) does on every call. */
export interface CompiledRoute {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Compiles an absolute msw route URL (`http://127.0.0.1:4010/x/2/legal-requests/:id`) to the regular
 * expression path-to-regexp 6 builds for it in msw (case-insensitive, one optional trailing delimiter,
 * `:name` segments matching `[^/#?]+?`). Returns `undefined` for anything beyond literal segments and
 * whole-segment `:name` parameters (wildcards, groups, modifiers, a query): msw then routes the mock.
 */
export function compileRoute(url: string): CompiledRoute | undefined {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url)?.[0];
  if (origin === undefined) return undefined;
  const path = url.slice(origin.length);
  // Characters path-to-regexp (or msw's coercePath / cleanUrl) treat specially, other than `:name`.
  if (/[*()?{}+#\\]/.test(url) || /:(?!\d+(?:\/|$))/.test(origin.slice(origin.indexOf("//")))) {
    return undefined;
  }
  const names: string[] = [];
  let source = `^${escapeRegExp(origin)}`;
  for (const segment of path.split("/").slice(1)) {
    if (segment.startsWith(":")) {
      const name = segment.slice(1);
      if (!/^\w+$/.test(name)) return undefined;
      names.push(name);
      source += "(?:\\/([^\\/#\\?]+?))";
    } else {
      if (segment.includes(":")) return undefined;
      source += escapeRegExp(`/${segment}`);
    }
  }
  return { pattern: new RegExp(`${source}[\\/#\\?]?$`, "i"), names };
}

/** The parameters of a URL (its origin and path, as msw matches it) on a route, or `undefined`. */
export function matchRoute(route: CompiledRoute, url: URL): Record<string, string> | undefined {
  const found = route.pattern.exec(`${url.origin}${url.pathname}`);
  if (!found) return undefined;
  const params: Record<string, string> = {};
  route.names.forEach((name, index) => {
    params[name] = decodeURIComponent(found[index + 1] ?? "");
  });
  return params;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+*?=^!:${}()[\]|/\\]/g, "\\$&");
}

/** One route as the sandbox dispatches it without msw. */
export interface DirectRoute {
  /** Upper case, as msw compares (case-insensitively). */
  readonly method: string;
  readonly compiled: CompiledRoute;
  answer(request: Request, params: Record<string, string>, rawBody: string): Promise<Response>;
}

/**
 * The direct dispatch of a mock's handlers, in their order; `undefined` when one of them has no direct
 * route (it was not declared through `ctx.route`, so msw alone knows how to answer it).
 */
export function directDispatch(
  handlers: readonly unknown[],
  routes: ReadonlyMap<unknown, DirectRoute>,
): DirectDispatch | undefined {
  const table = handlers.map((handler) => routes.get(handler));
  if (!table.every((route) => route !== undefined)) return undefined;
  return (request, rawBody) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    for (const route of table) {
      if (route.method !== method) continue;
      const params = matchRoute(route.compiled, url);
      if (params) return route.answer(request, params, rawBody);
    }
    return undefined;
  };
}
