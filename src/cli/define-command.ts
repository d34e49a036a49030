import { parseArgs } from "node:util";
import {
  type CliCommand,
  CliInputError,
  type CliIo,
  ExitCode,
  type ExitCodeMeanings,
  UsageError,
} from "./command.js";
import { closest } from "./suggest.js";

/**
 * One option of a command, as `--help` shows it and `util.parseArgs` reads it.
 *
 * @example
 * ```ts
 * const store: OptionSpec = { type: "string", value: "<path|url>", help: "the request store" };
 * ```
 */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** A one-letter alias (`-o`). */
  readonly short?: string;
  /** Repeatable: every occurrence is kept, in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in `--help` (`<file>`); string options only. */
  readonly value?: string;
  /** What it does, in one or two sentences (wrapped in `--help`). */
  readonly help: string;
}

/** The options a command declares, by long name (without `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/**
 * What `parseArgs` gives for a command's options: a string or boolean per option (an array when
 * repeatable), absent when not given.
 */
export type ParsedValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]["type"] extends "boolean"
    ? O[K]["multiple"] extends true
      ? boolean[]
      : boolean
    : O[K]["multiple"] extends true
      ? string[]
      : string;
};

/**
 * A command as declared: its help, options and exit codes, and what it does with the parsed command line.
 * {@link defineCommand} turns it into the {@link CliCommand} the command line runs.
 *
 * @example
 * ```ts
 * const hello = defineCommand({
 *   name: "hello",
 *   summary: "Say hello",
 *   synopsis: "[options]",
 *   description: "Prints a greeting.",
 *   options: { name: { type: "string", value: "<name>", help: "who to greet" } },
 *   exitCodes: { 0: "greeted" },
 *   async run({ values }, io) {
 *     io.stdout.write(`hello ${values.name ?? "world"}\n`);
 *     return 0;
 *   },
 * });
 * ```
 */
export interface CommandSpec<O extends OptionSpecs> {
  readonly name: string;
  readonly summary: string;
  /** What follows `referral-kit <name>` in the usage line. */
  readonly synopsis: string;
  /** Paragraphs shown under the usage line in `--help`. */
  readonly description: string;
  readonly options: O;
  /** Positional arguments allowed (default none). */
  readonly positionals?: { readonly min?: number; readonly max?: number; readonly missing?: string };
  /** Old option names and the names that replaced them: `--by` says to use `--group-by`. */
  readonly renamed?: Readonly<Record<string, string>>;
  readonly exitCodes: ExitCodeMeanings;
  readonly examples?: readonly string[];
  run(input: { values: ParsedValues<O>; positionals: string[] }, io: CliIo): Promise<number>;
}

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", help: "show this help" };
const USAGE_MEANING = "the command line is wrong (usage)";
const WIDTH = 104;

/**
 * Makes a command from its declaration: the help text, strict option parsing with "did you mean" for a
 * mistyped option, the positional count check, and the exit code of a {@link CliInputError} (3).
 *
 * @example
 * ```ts
 * export const fooCommand = defineCommand({ name: "foo", ... });
 * ```
 */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CliCommand {
  const usage = `Usage: referral-kit ${spec.name} ${spec.synopsis}`.trimEnd();
  const help = helpText(spec, usage);
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    help,
    async run(args, io) {
      const parsed = parseCommandLine(spec, args);
      try {
        return await spec.run(parsed, io);
      } catch (error) {
        if (error instanceof CliInputError) {
          io.stderr.write(`referral-kit ${spec.name}: ${error.message}\n`);
          return ExitCode.input;
        }
        throw error;
      }
    },
  };
}

function parseCommandLine<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  args: readonly string[],
): { values: ParsedValues<O>; positionals: string[] } {
  const options: Record<string, OptionSpec> = { ...spec.options, help: HELP_OPTION };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, option]) => [
      name,
      {
        type: option.type,
        ...(option.short ? { short: option.short } : {}),
        ...(option.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  // A first lenient pass names an unknown option before the strict pass can only say it is unknown.
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== "option" || token.name in options) continue;
    if (token.rawName.length === 2 && token.rawName.startsWith("-")) {
      const known = Object.entries(options).find(([, option]) => option.short === token.name);
      if (!known) throw new UsageError(`unknown option ${token.rawName}`);
      continue;
    }
    const renamed = spec.renamed?.[token.name];
    if (renamed) throw new UsageError(`--${token.name} is now --${renamed}`);
    const suggestion = closest(token.name, Object.keys(options));
    throw new UsageError(
      `unknown option ${token.rawName}${suggestion ? `; did you mean --${suggestion}?` : ""}`,
    );
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: config, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(parserMessage(error, options));
  }
  const positionals = parsed.positionals;
  const min = spec.positionals?.min ?? 0;
  const max = spec.positionals?.max ?? 0;
  if (positionals.length < min) {
    throw new UsageError(spec.positionals?.missing ?? "missing argument");
  }
  if (positionals.length > max) {
    const extra = positionals[max]!;
    throw new UsageError(
      extra.startsWith("-")
        ? `unexpected argument "${extra}"`
        : max === 0
          ? `unexpected argument "${extra}": this command takes options only`
          : `unexpected argument "${extra}"`,
    );
  }
  return { values: parsed.values as ParsedValues<O>, positionals };
}

/** `util.parseArgs`' messages, reworded to name the option and what it needs. */
function parserMessage(error: unknown, options: Record<string, OptionSpec>): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  const option = name ? options[name.replace(/^-+/, "")] : undefined;
  if (name && /argument missing|ambiguous/.test(message)) {
    const value = option?.value ?? "<value>";
    return /ambiguous/.test(message)
      ? `${name} needs a value ${value}; for a value starting with "-", write ${name}=<value>`
      : `${name} needs a value ${value}`;
  }
  if (name && /does not take an argument/.test(message)) return `${name} takes no value`;
  return message.split("\n")[0]!;
}

function helpText<O extends OptionSpecs>(spec: CommandSpec<O>, usage: string): string {
  const options: [string, OptionSpec][] = [...Object.entries(spec.options), ["help", HELP_OPTION]];
  const labels = options.map(([name, option]) => {
    const long = `--${name}${option.type === "string" && option.value ? ` ${option.value}` : ""}`;
    return option.short ? `-${option.short}, ${long}` : `    ${long}`;
  });
  const column = Math.min(30, Math.max(...labels.map((label) => label.length)) + 4);
  const optionLines = options.flatMap(([, option], index) => {
    const label = `  ${labels[index]!}`;
    const text = option.multiple ? `${option.help} (repeatable)` : option.help;
    const wrapped = wrap(text, WIDTH - column - 2);
    if (label.length + 2 > column + 2) {
      return [label, ...wrapped.map((line) => `${" ".repeat(column + 2)}${line}`)];
    }
    return wrapped.map((line, i) => (i === 0 ? label.padEnd(column + 2) : " ".repeat(column + 2)) + line);
  });
  const codes: [string, string][] = [
    ["0", spec.exitCodes[0]],
    ...(spec.exitCodes[1] ? [["1", spec.exitCodes[1]] as [string, string]] : []),
    ["2", USAGE_MEANING],
    ...(spec.exitCodes[3] ? [["3", spec.exitCodes[3]] as [string, string]] : []),
  ];
  return [
    usage,
    "",
    ...spec.description
      .trim()
      .split(/\n\s*\n/)
      .flatMap((paragraph, i) => [...(i > 0 ? [""] : []), ...wrap(paragraph, WIDTH)]),
    "",
    "Options:",
    ...optionLines,
    "",
    "Exit codes:",
    ...codes.flatMap(([code, meaning]) =>
      wrap(meaning, WIDTH - 5).map((line, i) => `  ${i === 0 ? code : " "}  ${line}`),
    ),
    ...(spec.examples && spec.examples.length > 0
      ? ["", "Examples:", ...spec.examples.map((example) => `  ${example}`)]
      : []),
    "",
  ].join("\n");
}

/** Words of `text` in lines of at most `width` characters; a line break in `text` is kept. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    const indent = /^\s*/.exec(paragraph)![0];
    let line = "";
    for (const word of paragraph.trim().split(/\s+/)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = indent + word;
      } else line = line ? `${line} ${word}` : indent + word;
    }
    lines.push(line);
  }
  return lines;
}
