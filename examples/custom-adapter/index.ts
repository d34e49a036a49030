/**
 * A seventh platform, end to end, using only referral-kit's public exports: links of the fictional
 * ExampleVideo parsed with a custom parser, then the adapter checked against its mock by the whole
 * conformance suite, run programmatically. Exits non-zero when any case fails, so CI can run it.
 *
 *   npx tsx examples/custom-adapter/index.ts
 */
import { parseTarget, targetKey } from "referral-kit";
import { runConformanceCases, type TargetFactory } from "referral-kit/testing";
import { createExampleVideoAdapter, EXAMPLEVIDEO_CAPABILITIES } from "./adapter.js";
import { createExampleVideoMock, EXAMPLEVIDEO_MOCK_KEY } from "./mock.js";
import { exampleVideoPlatform } from "./parser.js";

// 1. Links of the new platform, read by parseTarget through the custom parser.
for (const link of ["https://www.examplevideo.example/@Some.Channel", "exv.example/@some.channel/video/42"]) {
  console.log(`${link.padEnd(48)} -> ${targetKey(parseTarget(link, { platforms: [exampleVideoPlatform] }))}`);
}
console.log(
  `declares: ${EXAMPLEVIDEO_CAPABILITIES.requestKinds.join(", ")}; up to ${EXAMPLEVIDEO_CAPABILITIES.maxTargetsPerCall} targets per call\n`,
);

// 2. The conformance suite, run without a test runner.
const target: TargetFactory = (index, type) => {
  const account = { kind: "username", platform: "examplevideo", username: `rk_conf_${index}` } as const;
  return type === "account"
    ? { type: "account", account }
    : { type: "content", platform: "examplevideo", kind: "video", id: String(9_000_000 + index), account };
};
const mock = createExampleVideoMock();
const results = await runConformanceCases({
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createExampleVideoAdapter({
      baseUrl,
      timeoutMs,
      apiKey: EXAMPLEVIDEO_MOCK_KEY,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock,
  secrets: [EXAMPLEVIDEO_MOCK_KEY],
  target,
});

const mark = { passed: "ok  ", failed: "FAIL", skipped: "skip" } as const;
for (const result of results) {
  const note = result.status === "passed" ? `${result.ms} ms` : (result.message ?? "");
  console.log(`${mark[result.status]} ${result.name}  (${note})`);
}
const count = (status: string) => results.filter((r) => r.status === status).length;
console.log(
  `\nexamplevideo conformance: ${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`,
);
process.exitCode = count("failed") > 0 ? 1 : 0;
