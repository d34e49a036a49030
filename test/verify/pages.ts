import { HttpResponse, http } from "msw";

/**
 * The modelled public pages (docs/verification.md): msw handlers serving what each platform shows for an
 * available, removed, suspended or withheld account, by username.
 */
export const PAGES: Record<
  string,
  { status: number; body?: string; location?: string; retryAfter?: string }
> = {
  "https://x.com/live_account": { status: 200, body: "<html><title>Live (@live_account)</title></html>" },
  "https://x.com/gone_account": { status: 404 },
  "https://x.com/deleted_account": { status: 410 },
  "https://x.com/withheld_account": { status: 451 },
  "https://x.com/suspended_account": { status: 302, location: "https://x.com/account/suspended" },
  "https://x.com/suspended_page": {
    status: 200,
    body: "<html><h1>Account suspended</h1><p>X suspends accounts…</p></html>",
  },
  "https://x.com/withheld_page": {
    status: 200,
    body: "<p>@withheld_page's account has been withheld in PK in response to a legal demand.</p>",
  },
  "https://x.com/login_walled": {
    status: 302,
    location: "https://x.com/i/flow/login?redirect_after_login=%2Flogin_walled",
  },
  "https://x.com/busy_account": { status: 429, retryAfter: "1" },
  "https://x.com/broken_account": { status: 503 },
  "https://x.com/moved_account": { status: 301, location: "https://x.com/live_account" },
  "https://www.instagram.com/gone_insta/": {
    status: 200,
    body: "<h2>Sorry, this page isn't available.</h2>",
  },
  "https://www.instagram.com/meta_marked/": {
    status: 200,
    body: '<head><meta name="referral-kit:availability" content="withheld"></head>',
  },
};

/** One handler per modelled page; every request is recorded (method, URL, headers) for assertions. */
export function pageHandlers(seen: { url: string; headers: Headers }[]) {
  return Object.entries(PAGES).map(([url, page]) =>
    http.get(url, ({ request }) => {
      seen.push({ url: request.url, headers: request.headers });
      const headers: Record<string, string> = { "content-type": "text/html" };
      if (page.location) headers.location = page.location;
      if (page.retryAfter) headers["retry-after"] = page.retryAfter;
      return new HttpResponse(page.body ?? null, { status: page.status, headers });
    }),
  );
}
