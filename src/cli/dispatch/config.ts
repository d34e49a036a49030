import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { createFacebookAdapter, type FacebookAdapterConfig } from "../../../adapters/facebook/index.js";
import { createInstagramAdapter, type InstagramAdapterConfig } from "../../../adapters/instagram/index.js";
import { createTelegramAdapter, type TelegramAdapterConfig } from "../../../adapters/telegram/index.js";
import { createTikTokAdapter, type TikTokAdapterConfig } from "../../../adapters/tiktok/index.js";
import { createWhatsAppAdapter, type WhatsAppAdapterConfig } from "../../../adapters/whatsapp/index.js";
import { createXAdapter, type XAdapterConfig } from "../../../adapters/x/index.js";
import { resolveAdapter } from "../../adapter/define-adapter.js";
import type { ReportingAdapter } from "../../adapter/v1/spec.js";
import type { PlatformLimits } from "../../dispatch/dispatcher.js";
import { excerpt } from "../../text/decode.js";
import { CliInputError } from "../command.js";
import { readTextFile } from "../input/files.js";
import { messageOf } from "../options.js";

/**
 * Builds a reference adapter from its JSON options. Other adapters (the email and manual channels, an
 * agency's own) plug in through `module` in the config file.
 */
type AdapterFactory = (options: Record<string, unknown>) => ReportingAdapter;

/**
 * The reference adapters the CLI knows by platform id.
 *
 * @example
 * ```ts
 * const x = BUILT_IN_ADAPTERS.x?.({ baseUrl: "https://sandbox.example" });
 * ```
 */
export const BUILT_IN_ADAPTERS: Readonly<Record<string, AdapterFactory>> = {
  facebook: (options) => createFacebookAdapter(options as FacebookAdapterConfig),
  instagram: (options) => createInstagramAdapter(options as InstagramAdapterConfig),
  whatsapp: (options) => createWhatsAppAdapter(options as WhatsAppAdapterConfig),
  tiktok: (options) => createTikTokAdapter(options as TikTokAdapterConfig),
  x: (options) => createXAdapter(options as XAdapterConfig),
  telegram: (options) => createTelegramAdapter(options as TelegramAdapterConfig),
};

const RateLimitSchema = z.strictObject({
  limit: z.number().int().positive(),
  windowMs: z.number().positive(),
});

const LimitsSchema = z.strictObject({
  concurrency: z.number().int().positive().optional(),
  rateLimits: z.array(RateLimitSchema).optional(),
  maxTargetsPerCall: z.number().int().positive().optional(),
  breaker: z
    .strictObject({
      failureThreshold: z.number().int().positive().optional(),
      cooldownMs: z.number().positive().optional(),
    })
    .optional(),
});

/**
 * Option names that hold a credential. The docs promise secrets never come from a config file (they are
 * read from the environment, e.g. `REFERRAL_KIT_X_TOKEN`), so a config holding one is refused rather
 * than used: a file is copied, committed and mailed far more easily than an environment.
 */
const SECRET_NAME =
  /secret|token|password|passphrase|api[-_]?key|private[-_]?key|credential|^auth(orization)?$/i;

const PlatformConfigSchema = z.strictObject({
  /** Options for the built-in adapter (or for `module`'s factory). Secrets belong in the environment. */
  options: z.record(z.string(), z.unknown()).optional(),
  /** A module (path relative to the config file) exporting an adapter factory, for other adapters. */
  module: z.string().min(1).optional(),
  /** The factory's export name (default `default`, then `createAdapter`). */
  export: z.string().min(1).optional(),
  limits: LimitsSchema.optional(),
});

const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  platforms: z.record(z.string(), PlatformConfigSchema),
  /** Limits for every platform, under each platform's own. */
  defaults: z.strictObject({ limits: LimitsSchema.optional() }).optional(),
});

/**
 * What the CLI reads from `--config` (or `REFERRAL_KIT_DISPATCH_CONFIG`).
 *
 * @example
 * ```ts
 * const { adapters, limits } = await loadDispatchConfig("dispatch.json", process.cwd());
 * ```
 */
export interface DispatchConfig {
  adapters: ReportingAdapter[];
  limits: Record<string, PlatformLimits>;
}

/**
 * Reads the dispatch config: `{ "platforms": { "<id>": { "options": {...}, "module"?, "export"?, "limits"? } },
 * "defaults"?: { "limits": {...} } }`. Strict: an unknown key anywhere (a typo such as `"limit"` or
 * `"concurency"`) and an option that looks like a secret (`token`, `appSecret`, `password`...) are refused
 * with the file and the key named. Without a file, every built-in adapter with its defaults (each reads its
 * token from the environment, e.g. `REFERRAL_KIT_X_TOKEN`).
 *
 * @throws {CliInputError} the file cannot be read, is not JSON, or breaks the rules above.
 *
 * @example
 * ```ts
 * const config = await loadDispatchConfig(io.env.REFERRAL_KIT_DISPATCH_CONFIG, io.cwd);
 * ```
 */
export async function loadDispatchConfig(file: string | undefined, cwd: string): Promise<DispatchConfig> {
  if (!file) {
    return { adapters: Object.values(BUILT_IN_ADAPTERS).map((factory) => factory({})), limits: {} };
  }
  const path = isAbsolute(file) ? file : join(cwd, file);
  let json: unknown;
  const text = await readTextFile(path, file);
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`not JSON: ${excerpt(messageOf(error), 120)}`, file);
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join(".");
    const keys = issue.code === "unrecognized_keys" ? issue.keys.map((key) => excerpt(key, 40)) : [];
    throw new CliInputError(
      keys.length > 0
        ? `unknown key${keys.length === 1 ? "" : "s"} ${keys.map((key) => `"${key}"`).join(", ")}${at ? ` in ${at}` : ""} (see docs/cli.md for the config's keys)`
        : `${at || "the file"}: ${issue.message}`,
      file,
    );
  }
  const adapters: ReportingAdapter[] = [];
  const limits: Record<string, PlatformLimits> = {};
  if (parsed.data.defaults?.limits) limits.default = parsed.data.defaults.limits;
  for (const [platform, entry] of Object.entries(parsed.data.platforms)) {
    const options = entry.options ?? {};
    const secret = secretKey(options, `platforms.${platform}.options`);
    if (secret) {
      throw new CliInputError(
        `${secret} looks like a secret: secrets are never read from a config file; set it in the environment (the adapter's docs name the variable)`,
        file,
      );
    }
    if (entry.limits) limits[platform] = entry.limits;
    if (entry.module) {
      const modulePath = isAbsolute(entry.module) ? entry.module : join(path, "..", entry.module);
      let loaded: Record<string, unknown>;
      try {
        loaded = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
      } catch (error) {
        throw new CliInputError(
          `platforms.${platform}.module: cannot load ${entry.module}: ${messageOf(error)}`,
          file,
        );
      }
      const factory = loaded[entry.export ?? "default"] ?? loaded.createAdapter;
      if (typeof factory !== "function") {
        throw new CliInputError(
          `${entry.module} exports no adapter factory "${entry.export ?? "default"}"`,
          file,
        );
      }
      adapters.push(resolveAdapter((factory as (options: unknown) => unknown)(options)));
      continue;
    }
    const builtIn = BUILT_IN_ADAPTERS[platform];
    if (!builtIn) {
      throw new CliInputError(
        `no built-in adapter for "${excerpt(platform, 40)}" (built in: ${Object.keys(BUILT_IN_ADAPTERS).join(", ")}); ` +
          `give "module" for it`,
        file,
      );
    }
    adapters.push(builtIn(options));
  }
  return { adapters, limits };
}

/** The path of the first key (at any depth) whose name says it holds a secret. */
function secretKey(value: unknown, path: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_NAME.test(key) && inner !== undefined && inner !== null && inner !== "")
      return `${path}.${key}`;
    const found = secretKey(inner, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
