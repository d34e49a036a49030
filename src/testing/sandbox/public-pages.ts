/**
 * The sandbox's public profile and content pages, for the verification probe (docs/verification.md, "The
 * page contract for the sandbox"). A page answers from the mock's own decisions: a target the platform
 * actioned is gone, anything else is there, unless an override (a simulated reinstatement, a login wall)
 * says otherwise. Pages carry a fixed placeholder body: no handle, no content, no personal data.
 */

import type { KnownPlatformId } from "../../domain/platforms.js";
import { findPlatform } from "../../domain/targets/builtin-platforms.js";
import { safeParseTarget } from "../../domain/targets/parse-target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { mockInternals } from "../mock/internals.js";
import type { PlatformMock } from "../mock/types.js";

/** Internal name of a type the public signatures write out. */
export type SandboxPageAvailability = SandboxPage["availability"];

/**
 * The path below which public pages are served: `/public/<platform>/<canonical path>`.
 *
 * @example
 * ```ts
 * `${sandbox.url}${PAGE_PREFIX}/x/somename`; // the page of https://x.com/somename
 * ```
 */
export const PAGE_PREFIX = "/public";

/** Every page availability, in a stable order. */
export const SANDBOX_PAGE_AVAILABILITIES: readonly SandboxPageAvailability[] = Object.freeze([
  "available",
  "removed",
  "suspended",
  "withheld",
  "login-wall",
]);

/**
 * Where a page stands and why: an `override` (set through `POST /__sandbox/page` or `setPage`), a
 * `submission` the platform decided (its reference), or the `default` (available: nothing decided).
 *
 * @example
 * ```ts
 * const page: SandboxPage = { platform: "x", key: "x:somename", availability: "suspended", source: "submission", ref: "186700000000001" };
 * ```
 */
export interface SandboxPage {
  readonly platform: KnownPlatformId;
  /** The target's `targetKey`, or the path itself when the path is not a target's page. */
  readonly key: string;
  /**
   * How a sandbox public page answers: `available` (200, marker `available`), `removed` (404), `suspended`
   * (200 with marker `suspended`; X: 302 to `/account/suspended`), `withheld` (451) or `login-wall` (302 to
   * the platform's login page; 401 where the platform has none).
   */
  readonly availability: "available" | "removed" | "suspended" | "withheld" | "login-wall";
  readonly source: "override" | "submission" | "default";
  /** The submission that decided it, for `source: "submission"`. */
  readonly ref?: string;
}

/** Where the platform sends a logged-out visitor, and its "suspended" page (per `DEFAULT_PAGE_RULES`). */
const LOGIN_PATHS: Partial<Record<KnownPlatformId, string>> = {
  x: "/i/flow/login",
  instagram: "/accounts/login/",
  facebook: "/login/",
  tiktok: "/login",
};
const SUSPENDED_PATHS: Partial<Record<KnownPlatformId, string>> = { x: "/account/suspended" };

/** A fixed heading per availability: the only text a page carries besides its marker. */
const HEADINGS: Readonly<Record<SandboxPageAvailability, string>> = {
  available: "Public page (sandbox placeholder)",
  removed: "This page isn't available",
  suspended: "Account suspended",
  withheld: "This content is withheld in your country",
  "login-wall": "Log in to continue",
};

/**
 * The public URL a page path stands for on its platform: `/somename` on x is `https://x.com/somename`.
 * WhatsApp's three hosts are told apart by shape: `/channel/...` is whatsapp.com, digits are wa.me (a
 * phone number), anything else chat.whatsapp.com (an invite).
 *
 * @example
 * ```ts
 * publicUrlOf("whatsapp", "/923001234567"); // "https://wa.me/923001234567"
 * ```
 */
export function publicUrlOf(platform: KnownPlatformId, pathAndQuery: string): string {
  const path = pathAndQuery.startsWith("/") ? pathAndQuery : `/${pathAndQuery}`;
  if (platform === "whatsapp") {
    if (/^\/channel\//i.test(path)) return `https://whatsapp.com${path}`;
    if (!/^\/\d+\/?$/.test(path)) return `https://chat.whatsapp.com${path}`;
  }
  // The definition's first host is the platform's main one; the parser reads `www.` and bare hosts alike.
  return `https://${findPlatform(platform)?.hosts[0] ?? platform}${path}`;
}

/**
 * The key a page is known by: the target's `targetKey` when the path parses as a target (so `/SomeName`
 * and `/somename` are one page); otherwise `<platform>:<path>` lower-cased, which is the same key for the
 * simple account and post paths of names a platform's rules would refuse (test data often has them).
 * `undefined` for the platform's root page.
 *
 * @example
 * ```ts
 * pageTargetKey("x", "/SomeName"); // "x:somename"
 * pageTargetKey("x", "/"); // undefined
 * ```
 */
export function pageTargetKey(platform: KnownPlatformId, pathOrUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : publicUrlOf(platform, pathOrUrl));
  } catch {
    return undefined;
  }
  const parsed = safeParseTarget(url.toString(), { platform });
  if (parsed.success) return targetKey(parsed.data);
  const path = `${url.pathname.replace(/^\/+|\/+$/g, "")}${url.search}`.toLowerCase();
  return path === "" ? undefined : `${platform}:${path}`;
}

/**
 * Overrides set through the admin endpoint or `Sandbox.setPage`, by platform and page key. They win over
 * the mock's decisions until cleared (set to `null`) or the platform is reset.
 *
 * @example
 * ```ts
 * const pages = new PageOverrides();
 * pages.set("x", "x:somename", "available");
 * pages.get("x", "x:somename"); // "available"
 * ```
 */
export class PageOverrides {
  readonly #pages = new Map<string, SandboxPageAvailability>();

  set(platform: KnownPlatformId, key: string, availability: SandboxPageAvailability | null): void {
    const id = `${platform}\u0000${key}`;
    if (availability === null) this.#pages.delete(id);
    else this.#pages.set(id, availability);
  }

  get(platform: KnownPlatformId, key: string): SandboxPageAvailability | undefined {
    return this.#pages.get(`${platform}\u0000${key}`);
  }

  clear(platform: KnownPlatformId): void {
    for (const id of [...this.#pages.keys()]) if (id.startsWith(`${platform}\u0000`)) this.#pages.delete(id);
  }
}

/** Kinds whose action takes a target down; `preserve` and `disclose-data` leave it up. */
const GONE_BY_KIND: Readonly<Record<string, SandboxPageAvailability>> = {
  suspend: "suspended",
  "remove-content": "removed",
  "restrict-locally": "withheld",
};

/**
 * Where a page stands now: an override first; then every submission naming the target (or, for a
 * content page, its account) that the platform actioned, or partially actioned with this target among
 * the actioned ones; otherwise available.
 *
 * @example
 * ```ts
 * resolvePage("x", "x:somename", sandbox.mocks.x, pages).availability; // "suspended" once X actioned a suspension
 * ```
 */
export function resolvePage(
  platform: KnownPlatformId,
  key: string,
  mock: PlatformMock,
  overrides: PageOverrides,
): SandboxPage {
  const override = overrides.get(platform, key);
  if (override) return { platform, key, availability: override, source: "override" };
  // A content page goes with its account: `x:somename/status/1` is gone when `x:somename` is.
  const slash = key.indexOf("/");
  const keys = slash > 0 ? [key, key.slice(0, slash)] : [key];
  // Only submissions naming one of the keys can decide the page: the mock's index has them, in order.
  const naming = mockInternals(mock)?.submissionsNamingAny(keys) ?? mock.submissions();
  for (const submission of [...naming].reverse()) {
    const gone = submission.kind ? GONE_BY_KIND[submission.kind] : undefined;
    if (!gone) continue;
    for (const candidate of keys) {
      if (!submission.targets.some((target) => target.key === candidate)) continue;
      const view = mock.view(submission.ref);
      const actioned =
        view?.outcome === "actioned" ||
        (view?.outcome === "partially-actioned" &&
          view.targets.some((target) => target.key === candidate && target.outcome === "actioned"));
      if (!actioned) continue;
      // A suspended account's posts are simply not found.
      const availability = candidate === key ? gone : gone === "suspended" ? "removed" : gone;
      return { platform, key, availability, source: "submission", ref: submission.ref };
    }
  }
  return { platform, key, availability: "available", source: "default" };
}

/**
 * Answers `GET|HEAD /public/<platform>/<path>`: the page of a target as the mock's decisions (and any
 * override) make it, the platform's login and "suspended" pages, or 404 for the bare root. No cookies,
 * no credentials, no personal data.
 *
 * @example
 * ```ts
 * const response = answerPublicPage("x", "/somename", mock, pages);
 * response.status; // 200, 302, 404 or 451
 * ```
 */
export function answerPublicPage(
  platform: KnownPlatformId,
  pathAndQuery: string,
  mock: PlatformMock,
  overrides: PageOverrides,
): Response {
  const path = pathAndQuery.split("?")[0]!.replace(/\/+$/, "") || "/";
  if (path === LOGIN_PATHS[platform]?.replace(/\/+$/, "")) return page(200, "login-wall", false);
  if (path === SUSPENDED_PATHS[platform]) return page(200, "suspended");
  const key = pageTargetKey(platform, pathAndQuery);
  if (key === undefined) return page(404, "removed", false);
  const { availability } = resolvePage(platform, key, mock, overrides);
  const base = `${PAGE_PREFIX}/${platform}`;
  switch (availability) {
    case "available":
      return page(200, "available");
    case "removed":
      return page(404, "removed");
    case "withheld":
      return page(451, "withheld");
    case "suspended": {
      const suspended = SUSPENDED_PATHS[platform];
      return suspended ? redirect(`${base}${suspended}`) : page(200, "suspended");
    }
    case "login-wall": {
      const login = LOGIN_PATHS[platform];
      return login ? redirect(`${base}${login}`) : page(401, "login-wall", false);
    }
  }
}

function page(status: number, availability: SandboxPageAvailability, marker = true): Response {
  const meta =
    marker && availability !== "login-wall"
      ? `<meta name="referral-kit:availability" content="${availability}">\n`
      : "";
  const body =
    `<!doctype html>\n<html><head><meta charset="utf-8">\n${meta}` +
    `<title>referral-kit sandbox</title></head>\n<body><h1>${HEADINGS[availability]}</h1></body></html>\n`;
  return new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
}
