import type { z } from "zod";
import { ProscribedGroup, type ProscribedGroupInput, Source } from "../../domain/schemas/designation.js";
import type { ListFormat } from "./errors.js";
import { DesignatedIndividual, type DesignatedIndividualInput } from "./individual.js";
import type { ImportItem, UnmappedEntry } from "./types.js";

/** Where a record sits and what it is called, for items and reports. */
export interface RecordContext {
  format: ListFormat;
  /** `null` for reports that concern no record (an unknown column). */
  importKey: string | null;
  line: number;
  name?: string;
  reference?: string;
  file?: string;
}

/** An unmapped report for a record. */
export function unmapped(
  context: RecordContext,
  scope: UnmappedEntry["scope"],
  reason: string,
  field?: { field: string; value?: string },
): ImportItem {
  const entry: UnmappedEntry = {
    format: context.format,
    scope,
    importKey: context.importKey,
    reason,
    line: context.line,
  };
  if (context.name) entry.name = context.name;
  if (context.reference) entry.reference = context.reference;
  if (field) {
    entry.field = field.field;
    if (field.value !== undefined) entry.value = field.value;
  }
  if (context.file) entry.file = context.file;
  return { kind: "unmapped", unmapped: entry };
}

/**
 * A group item, validated with `ProscribedGroup`: a record that does not fit (a 600-character
 * alias, say) is reported as unmapped with zod's reason instead of failing the whole import.
 */
export function groupItem(context: RecordContext, input: ProscribedGroupInput): ImportItem {
  const result = ProscribedGroup.safeParse(input);
  if (!result.success)
    return unmapped(context, "entry", `does not fit ProscribedGroup: ${describe(result.error)}`);
  return { kind: "group", group: result.data, importKey: itemKey(context), line: context.line };
}

/** An individual item, validated with `DesignatedIndividual` like {@link groupItem}. */
export function individualItem(context: RecordContext, input: DesignatedIndividualInput): ImportItem {
  const result = DesignatedIndividual.safeParse(input);
  if (!result.success) {
    return unmapped(context, "entry", `does not fit DesignatedIndividual: ${describe(result.error)}`);
  }
  return { kind: "individual", individual: result.data, importKey: itemKey(context), line: context.line };
}

function itemKey(context: RecordContext): string {
  return context.importKey ?? `${context.format}:line-${context.line}`;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown problem";
}

/** The source every designation of an import cites: the list's usual address, overridden by options. */
export function resolveSource(defaults: Source, override: Partial<Source> | undefined): Source {
  return Source.parse({ ...defaults, ...override });
}

/** Cuts official narrative text to the length the schemas accept. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
