import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createFacebookAdapter, type FacebookAdapterConfig } from "../../../adapters/facebook/index.js";
import { createInstagramAdapter, type InstagramAdapterConfig } from "../../../adapters/instagram/index.js";
import { createTelegramAdapter, type TelegramAdapterConfig } from "../../../adapters/telegram/index.js";
import { createTikTokAdapter, type TikTokAdapterConfig } from "../../../adapters/tiktok/index.js";
import { createWhatsAppAdapter, type WhatsAppAdapterConfig } from "../../../adapters/whatsapp/index.js";
import { createXAdapter, type XAdapterConfig } from "../../../adapters/x/index.js";
import { resolveAdapter } from "../../adapter/define-adapter.js";
import type { ReportingAdapter } from "../../adapter/v1/spec.js";
import type { PlatformLimits } from "../../dispatch/dispatcher.js";

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

/** One platform's entry in the dispatch config file. */
interface PlatformConfig {
  /** Options for the built-in adapter (or for `module`'s factory). Secrets belong in the environment. */
  options?: Record<string, unknown>;
  /** A module (path relative to the config file) exporting an adapter factory, for other adapters. */
  module?: string;
  /** The factory's export name (default `default`, then `createAdapter`). */
  export?: string;
  limits?: PlatformLimits;
}

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
 * Reads the dispatch config: `{ "platforms": { "<id>": { "options": {...}, "module"?, "export"?, "limits"? } } }`.
 * Without a file, every built-in adapter with its defaults (each reads its token from the environment,
 * e.g. `REFERRAL_KIT_X_TOKEN`).
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
  const parsed = JSON.parse(await readFile(path, "utf8")) as { platforms?: Record<string, PlatformConfig> };
  const adapters: ReportingAdapter[] = [];
  const limits: Record<string, PlatformLimits> = {};
  for (const [platform, entry] of Object.entries(parsed.platforms ?? {})) {
    const options = entry.options ?? {};
    if (entry.limits) limits[platform] = entry.limits;
    if (entry.module) {
      const modulePath = isAbsolute(entry.module) ? entry.module : join(path, "..", entry.module);
      const loaded = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
      const factory = loaded[entry.export ?? "default"] ?? loaded.createAdapter;
      if (typeof factory !== "function") {
        throw new Error(`${entry.module} exports no adapter factory "${entry.export ?? "default"}"`);
      }
      adapters.push(resolveAdapter((factory as (options: unknown) => unknown)(options)));
      continue;
    }
    const builtIn = BUILT_IN_ADAPTERS[platform];
    if (!builtIn) {
      throw new Error(
        `no built-in adapter for "${platform}" (built in: ${Object.keys(BUILT_IN_ADAPTERS).join(", ")}); ` +
          `give "module" for it in the config`,
      );
    }
    adapters.push(builtIn(options));
  }
  return { adapters, limits };
}
