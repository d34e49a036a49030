import type { ReportingAdapter } from "referral-kit/adapter";
import { loopbackAdapter } from "./http-adapter.js";

/** An adapter factory the CLI loads through `"module"` in its config file (see the CLI test). */
export default function createAdapter(options: { platform: string; baseUrl: string }): ReportingAdapter {
  return loopbackAdapter(options.platform, options.baseUrl);
}
