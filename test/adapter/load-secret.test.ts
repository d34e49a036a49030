import { AdapterError, loadSecret, MissingCredentialsError } from "referral-kit/adapter";
import { afterEach, describe, expect, it, vi } from "vitest";

const ENV = "REFERRAL_KIT_TEST_SECRET";
afterEach(() => vi.unstubAllEnvs());

describe("loadSecret", () => {
  it("takes the parameter first, then the environment variable (read at call time)", () => {
    vi.stubEnv(ENV, "from-env");
    expect(loadSecret({ value: "from-param", env: ENV, name: "apiKey", platform: "acme" })).toBe(
      "from-param",
    );
    expect(loadSecret({ value: undefined, env: ENV, name: "apiKey", platform: "acme" })).toBe("from-env");
    expect(loadSecret({ value: "  ", env: ENV, name: "apiKey", platform: "acme" })).toBe("from-env");
  });

  it("without either, throws MissingCredentialsError naming both places and no value", () => {
    vi.stubEnv(ENV, "");
    const error = (() => {
      try {
        return loadSecret({ value: undefined, env: ENV, name: "apiKey", platform: "acme" });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(MissingCredentialsError.isInstance(error)).toBe(true);
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "missing_credentials",
      retryable: false,
      platform: "acme",
      parameter: "apiKey",
      environmentVariable: ENV,
    });
    expect((error as Error).message).toMatch(/apiKey.*REFERRAL_KIT_TEST_SECRET/);
  });

  it("never puts a value in the error (a blank parameter is not echoed either)", () => {
    vi.stubEnv(ENV, "   ");
    const error = (() => {
      try {
        return loadSecret({ value: "", env: ENV, name: "apiKey" });
      } catch (thrown) {
        return thrown as MissingCredentialsError;
      }
    })();
    expect(JSON.stringify(error)).not.toContain(`"   "`);
    expect(MissingCredentialsError.isInstance(error)).toBe(true);
  });
});
