/**
 * The API reports: one per door (each `exports` entry of package.json), written by API Extractor from the
 * built type declarations (`npm run build` first) into `etc/api/<door>.api.md`.
 *
 * - `tsx scripts/api-report.ts` updates the reports after an intended change to the public API.
 * - `tsx scripts/api-report.ts --check` (CI) fails when a door's API differs from its checked-in report,
 *   when a door has no report or a report no door, or when a door's types name a type it does not export
 *   (`ae-forgotten-export`: a type users meet but cannot import, and that the report would not show).
 *
 * One API Extractor config per door, each the shared `api-extractor.json` with the door's entry point.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CompilerState, Extractor, ExtractorConfig, type ExtractorMessage } from "@microsoft/api-extractor";

const root = fileURLToPath(new URL("..", import.meta.url));
const check = process.argv.includes("--check");
const reportFolder = `${root}etc/api/`;

type ExportEntry = { import?: { types?: string } };
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  exports: Record<string, ExportEntry | string>;
};

/** `.` -> `index`, `./adapters/x` -> `adapters-x`: a flat file name per door. */
const reportName = (door: string) => (door === "." ? "index" : door.slice(2).replaceAll("/", "-"));

const doors = Object.entries(pkg.exports).flatMap(([door, entry]) =>
  typeof entry === "object" && entry.import?.types ? [{ door, types: entry.import.types }] : [],
);

const base = ExtractorConfig.loadFile(`${root}api-extractor.json`);
const problems: string[] = [];

function prepare(door: string, types: string): ExtractorConfig {
  return ExtractorConfig.prepare({
    configObject: {
      ...base,
      projectFolder: root,
      mainEntryPointFilePath: `${root}${types.replace(/^\.\//, "")}`,
      apiReport: { ...base.apiReport!, enabled: true, reportFileName: `${reportName(door)}.api.md` },
    },
    configObjectFullPath: `${root}api-extractor.json`,
    packageJsonFullPath: `${root}package.json`,
  });
}

if (!check) mkdirSync(reportFolder, { recursive: true });
const configs = doors.map(({ door, types }) => ({ door, config: prepare(door, types) }));
for (const { config } of configs) {
  if (!existsSync(config.mainEntryPointFilePath)) {
    throw new Error(`${config.mainEntryPointFilePath} is missing: run npm run build first`);
  }
}
// One TypeScript program for every door (API Extractor's documented way to run it several times).
const compilerState = CompilerState.create(configs[0]!.config, {
  additionalEntryPoints: configs.map(({ config }) => config.mainEntryPointFilePath),
});

// A door may name a type another door exports: that type is public (and in that door's report).
const checker = compilerState.program.getTypeChecker();
const exportedByADoor = new Set<string>();
for (const { config } of configs) {
  const source = compilerState.program.getSourceFile(config.mainEntryPointFilePath);
  const symbol = source && checker.getSymbolAtLocation(source);
  for (const exported of symbol ? checker.getExportsOfModule(symbol) : []) exportedByADoor.add(exported.name);
}
const forgotten = /^The symbol "([^"]+)" needs to be exported/;

for (const { door, config } of configs) {
  const name = reportName(door);
  const result = Extractor.invoke(config, {
    localBuild: !check,
    compilerState,
    messageCallback: (message: ExtractorMessage) => {
      message.handled = true;
      if (message.logLevel !== "error" && message.logLevel !== "warning") return;
      const symbol =
        message.messageId === "ae-forgotten-export" ? forgotten.exec(message.text)?.[1] : undefined;
      if (symbol !== undefined && exportedByADoor.has(symbol)) return;
      // Writing a report is what an update is for, not a problem.
      if (!check && /^console-api-report-(created|copied)$/.test(message.messageId)) return;
      problems.push(`${door}: ${message.messageId} ${message.text}`);
    },
  });
  if (result.apiReportChanged) {
    problems.push(
      check
        ? `${door}: the public API differs from etc/api/${name}.api.md; run npm run api:update and commit the report`
        : `${door}: updated etc/api/${name}.api.md`,
    );
  }
}

const expected = new Set(doors.map(({ door }) => `${reportName(door)}.api.md`));
for (const file of existsSync(reportFolder) ? readdirSync(reportFolder) : []) {
  if (file.endsWith(".api.md") && !expected.has(file)) problems.push(`etc/api/${file} has no door`);
}

for (const problem of problems) console.log(problem);
const failed = problems.filter((p) => check || !p.includes(": updated "));
if (failed.length > 0) process.exitCode = 1;
else console.log(`${doors.length} API reports ${check ? "match the public API" : "up to date"}`);
