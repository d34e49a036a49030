import type { AdapterCapabilities } from "../../../adapter/v1/spec.js";
import type { PlatformMock } from "../../mock/types.js";
import type { CaseKit } from "../kit.js";

/** How a case is written: a name, an optional reason to skip (from the declared capabilities), the body. */
export interface CaseSpec {
  readonly name: string;
  /** Returns why the case does not apply, or `undefined` to run it. */
  readonly skipUnless?: (context: {
    capabilities: AdapterCapabilities;
    mock: PlatformMock;
  }) => string | undefined;
  /** Longest the case may take (default 30 s). */
  readonly timeoutMs?: number;
  run(kit: CaseKit): Promise<void>;
}
