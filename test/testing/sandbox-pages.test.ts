/**
 * The sandbox's public pages over REAL HTTP (no msw): the page contract of docs/verification.md, the
 * pages following the mock's own decisions, and the override endpoint.
 */
import type { RequestContent, Target } from "referral-kit";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createXAdapter } from "referral-kit/adapters/x";
import { conformanceRequest, type Sandbox, startSandbox } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const HOUR = 3_600_000;
let sandbox: Sandbox<"x" | "telegram">;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    platforms: ["x", "telegram"],
    scenario: {
      all: {
        outcomes: { actioned: 1 },
        reviewDelay: { distribution: "fixed", ms: 0 },
        decisionDelay: { distribution: "fixed", ms: HOUR },
      },
    },
  });
});
afterAll(() => sandbox?.close());
afterEach(() => sandbox.reset());

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.url}${path}`, { redirect: "manual", ...init });
const xAccount = (username: string): Target => ({
  type: "account",
  account: { kind: "username", platform: "x", username },
});

async function submitX(content: RequestContent) {
  const { url, credentials } = sandbox.platforms.x;
  const x = createXAdapter({ baseUrl: url, bearerToken: credentials.bearerToken! });
  return x.submit({ request: content, targets: content.targets }, { idempotencyKey: `${content.id}:0` });
}

describe("public pages", () => {
  it("serves an available page with the marker and a fixed placeholder body", async () => {
    const answer = await get("/public/x/SomeName");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    const body = await answer.text();
    expect(body).toContain('<meta name="referral-kit:availability" content="available">');
    expect(body.toLowerCase()).not.toContain("somename");
    expect(sandbox.platforms.x.publicUrl).toBe(`${sandbox.url}/public/x`);
    expect(sandbox.page("x", "/somename")).toEqual({
      platform: "x",
      key: "x:somename",
      availability: "available",
      source: "default",
    });
  });

  it("follows the platform's decisions: suspended (X: redirect), its posts gone, pending still up", async () => {
    await submitX(
      conformanceRequest({ platform: "x", kind: "suspend", targets: [xAccount("pg_one")], id: "r1" }),
    );
    expect((await get("/public/x/pg_one")).status).toBe(200);
    sandbox.advance(2 * HOUR);
    const suspended = await get("/public/x/pg_one");
    expect(suspended.status).toBe(302);
    expect(suspended.headers.get("location")).toBe("/public/x/account/suspended");
    expect(await (await get("/public/x/account/suspended")).text()).toContain('content="suspended"');
    expect((await get("/public/x/pg_one/status/12345")).status).toBe(404);
    expect(sandbox.page("x", "https://x.com/PG_ONE")).toMatchObject({
      source: "submission",
      availability: "suspended",
    });
  });

  it("a local restriction is 451; a preservation request leaves the page up", async () => {
    await submitX(
      conformanceRequest({
        platform: "x",
        kind: "restrict-locally",
        targets: [xAccount("pg_two")],
        id: "r2",
      }),
    );
    await submitX(
      conformanceRequest({ platform: "x", kind: "preserve", targets: [xAccount("pg_three")], id: "r3" }),
    );
    sandbox.advance(2 * HOUR);
    const withheld = await get("/public/x/pg_two");
    expect(withheld.status).toBe(451);
    expect(await withheld.text()).toContain('content="withheld"');
    expect((await get("/public/x/pg_three")).status).toBe(200);
  });

  it("elsewhere a suspension is a 200 page with the suspended marker", async () => {
    const { url, credentials } = sandbox.platforms.telegram;
    const telegram = createTelegramAdapter({ baseUrl: url, botToken: credentials.botToken! });
    const target: Target = {
      type: "account",
      account: { kind: "username", platform: "telegram", username: "pg_channel" },
    };
    const content = conformanceRequest({
      platform: "telegram",
      kind: "suspend",
      targets: [target],
      id: "r4",
    });
    await telegram.submit({ request: content, targets: content.targets }, { idempotencyKey: "r4:0" });
    sandbox.advance(2 * HOUR);
    const page = await get("/public/telegram/pg_channel");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('content="suspended"');
  });

  it("POST /__sandbox/page overrides a page until cleared or reset", async () => {
    const set = (availability: string | null, path = "/pg_four") =>
      get("/__sandbox/page", { method: "POST", body: JSON.stringify({ platform: "x", path, availability }) });
    expect((await set("removed")).status).toBe(200);
    expect((await get("/public/x/pg_four")).status).toBe(404);
    await set("login-wall");
    const wall = await get("/public/x/pg_four");
    expect([wall.status, wall.headers.get("location")]).toEqual([302, "/public/x/i/flow/login"]);
    const read = await get("/__sandbox/page?platform=x&path=/pg_four");
    expect(await read.json()).toEqual({
      page: { platform: "x", key: "x:pg_four", availability: "login-wall", source: "override" },
    });
    await set(null);
    expect((await get("/public/x/pg_four")).status).toBe(200);

    sandbox.setPage("telegram", "/pg_five", "login-wall");
    expect((await get("/public/telegram/pg_five")).status).toBe(401);
    await get("/__sandbox/reset", { method: "POST" });
    expect((await get("/public/telegram/pg_five")).status).toBe(200);
  });

  it("refuses what is not a page: bad overrides 400, the bare root 404, writes 405", async () => {
    const bad = await get("/__sandbox/page", {
      method: "POST",
      body: JSON.stringify({ platform: "x", path: "/", availability: "removed" }),
    });
    expect(bad.status).toBe(400);
    const wrong = await get("/__sandbox/page", {
      method: "POST",
      body: JSON.stringify({ platform: "x", path: "/a", availability: "gone" }),
    });
    expect(wrong.status).toBe(400);
    expect((await get("/public/x/")).status).toBe(404);
    // A name the platform's rules refuse (too long for X) is still a page, keyed as its path.
    expect(sandbox.setPage("x", "/A_Name_Longer_Than_Fifteen", "removed").key).toBe(
      "x:a_name_longer_than_fifteen",
    );
    expect((await get("/public/x/a_name_longer_than_fifteen")).status).toBe(404);
    expect((await get("/public/myspace/someone")).status).toBe(404);
    expect((await get("/public/x/someone", { method: "POST", body: "{}" })).status).toBe(405);
    const head = await get("/public/x/someone", { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
  });
});
