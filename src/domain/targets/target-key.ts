import type { AccountRef, ContentKind, Target } from "./target.js";

/**
 * The path segment a platform uses for a kind of content, as in its own URLs (`x.com/<user>/status/<id>`).
 * An empty segment means the id follows the account directly (`t.me/<channel>/<message>`).
 */
const CONTENT_SEGMENTS: Readonly<Record<string, Partial<Record<ContentKind, string>>>> = {
  x: { post: "status", photo: "status", video: "status" },
  instagram: { post: "p", photo: "p", reel: "reel", story: "stories", video: "reel" },
  tiktok: { video: "video", photo: "photo" },
  facebook: { post: "posts", video: "videos", photo: "photos", reel: "reel", story: "stories" },
  telegram: { message: "", post: "" },
  whatsapp: { message: "", post: "" },
};

function contentSegment(platform: string, kind: ContentKind): string {
  return CONTENT_SEGMENTS[platform]?.[kind] ?? kind;
}

/**
 * The canonical key of an account: `<platform>:<username>` (lower-cased, no `@`), `facebook:id:<digits>`,
 * `whatsapp:tel:+<digits>`, `whatsapp:channel:<code>`, `telegram:invite:<code>` (case kept).
 *
 * @example
 * ```ts
 * accountKey({ kind: "username", platform: "x", username: "somename" }); // "x:somename"
 * ```
 */
export function accountKey(account: AccountRef): string {
  switch (account.kind) {
    case "username":
      return `${account.platform}:${account.username.toLowerCase()}`;
    case "numeric-id":
      return `${account.platform}:id:${account.id}`;
    case "phone":
      return `${account.platform}:tel:${account.phone}`;
    case "channel":
      return `${account.platform}:channel:${account.code}`;
    case "invite":
      return `${account.platform}:invite:${account.code}`;
  }
}

/**
 * One canonical string per target; equal accounts (however they were pasted) give equal keys. Content keys
 * append the content's path to the account key (`x:somename/status/123`, `telegram:somechannel/42`), or
 * follow the platform directly when the link does not show the account (`instagram:p/Cabc123`).
 *
 * @example
 * ```ts
 * import { parseTarget, targetKey } from "referral-kit";
 *
 * targetKey(parseTarget("https://twitter.com/SomeName/")); // "x:somename"
 * targetKey(parseTarget("x.com/somename/status/1234?s=20")); // "x:somename/status/1234"
 * ```
 */
export function targetKey(target: Target): string {
  if (target.type === "account") return accountKey(target.account);
  const segment = contentSegment(target.platform, target.kind);
  const path = segment === "" ? target.id : `${segment}/${target.id}`;
  return target.account ? `${accountKey(target.account)}/${path}` : `${target.platform}:${path}`;
}
