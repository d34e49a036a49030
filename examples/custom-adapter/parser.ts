/**
 * ExampleVideo as a platform definition: its links and handles read into referral-kit targets, and the
 * canonical link of each target, so `parseTarget` and `canonicalUrl` handle the seventh platform beside the
 * six built-in ones: pass the definition in `options.platforms`.
 */
import { type PlatformDefinition, rejectTarget, type Target } from "referral-kit";
import { EXAMPLEVIDEO } from "./wire.js";

const HANDLE = /^[a-z0-9_.]{3,30}$/;
const VIDEO_ID = /^\d{1,20}$/;

const channel = (handle: string): Target => ({
  type: "account",
  account: { kind: "username", platform: EXAMPLEVIDEO, username: handle },
});

/**
 * `examplevideo.example/@name` is a channel, `examplevideo.example/@name/video/<id>` one of its videos,
 * `examplevideo.example/v/<id>` a video by id alone; `@name` is a bare handle.
 *
 * @example
 * ```ts
 * parseTarget("https://www.examplevideo.example/@Some.Channel/video/42", { platforms: [exampleVideoPlatform] });
 * // { type: "content", platform: "examplevideo", kind: "video", id: "42", account: { ... username: "some.channel" } }
 * ```
 */
export const exampleVideoPlatform: PlatformDefinition = {
  id: EXAMPLEVIDEO,
  name: "ExampleVideo",
  hosts: ["examplevideo.example", "exv.example"],
  parse(url) {
    const [first, second, third, ...rest] = url.path;
    if (first === "v" && second && VIDEO_ID.test(second) && !third) {
      return { type: "content", platform: EXAMPLEVIDEO, kind: "video", id: second };
    }
    if (!first?.startsWith("@"))
      return rejectTarget(`${url.host}/${url.path.join("/")} is not a channel or video link`);
    const handle = first.slice(1).toLowerCase();
    if (!HANDLE.test(handle))
      return rejectTarget(`"${first}" is not an ExampleVideo handle (3 to 30 of a-z, 0-9, _ and .)`);
    if (second === undefined) return channel(handle);
    if (second === "video" && third && VIDEO_ID.test(third) && rest.length === 0) {
      return {
        type: "content",
        platform: EXAMPLEVIDEO,
        kind: "video",
        id: third,
        account: channel(handle).account,
      };
    }
    return rejectTarget(`${url.host}/${url.path.join("/")} is a channel page, not a channel or a video`);
  },
  parseHandle(handle) {
    const name = handle.replace(/^@/, "").toLowerCase();
    return HANDLE.test(name) ? channel(name) : rejectTarget(`"${handle}" is not an ExampleVideo handle`);
  },
  canonicalUrl(target) {
    if (target.type === "account") {
      return target.account.kind === "username"
        ? `https://examplevideo.example/@${target.account.username}`
        : undefined;
    }
    return target.account?.kind === "username"
      ? `https://examplevideo.example/@${target.account.username}/video/${target.id}`
      : `https://examplevideo.example/v/${target.id}`;
  },
  contentKinds: ["video"],
  // What the conformance suite submits (`defaultTarget("examplevideo", [exampleVideoPlatform])`).
  sampleTarget(index, type) {
    const account = { kind: "username", platform: EXAMPLEVIDEO, username: `rk_conf_${index}` } as const;
    if (type === "account") return { type: "account", account };
    return { type: "content", platform: EXAMPLEVIDEO, kind: "video", id: String(9_000_000 + index), account };
  },
};
