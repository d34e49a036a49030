/** Small text helpers shared by the importers. */

/** Collapses runs of whitespace (official lists wrap long names over several indented lines). */
export function cleanText(value: string | undefined | null): string {
  return (value ?? "").replace(/\s+/gu, " ").trim();
}

/**
 * A deterministic id from a name: ASCII letters and digits joined by hyphens. Names without Latin letters
 * (a list in Urdu only) give `""`; callers fall back to the record key.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['\u2018\u2019\u02BC`]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 96)
    .replace(/-+$/g, "");
}

/** An id for a record: the slug of its name, or of its key when the name has no Latin letters. */
export function recordId(name: string, importKey: string | null): string {
  return slugify(name) || slugify(importKey ?? "") || "record";
}

/**
 * Aliases without blanks, without the primary name, and without exact repeats (case-insensitive); the
 * first spelling wins and order is kept.
 */
export function uniqueNames(names: readonly string[], exclude: readonly string[] = []): string[] {
  const seen = new Set(exclude.map((name) => cleanText(name).toLowerCase()));
  const out: string[] = [];
  for (const raw of names) {
    const name = cleanText(raw);
    const key = name.toLowerCase();
    if (name === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+)?(?:Z|[+-]\d{2}:\d{2})?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * An ISO calendar date from an XML schema date. The UN writes some dates with a zone offset
 * (`2015-04-07-04:00`): the calendar date is what was published, so the offset is dropped.
 */
export function parseIsoDate(value: string): string | null {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return null;
  return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** An ISO date from `dd/mm/yyyy`, the UK lists' form. */
export function parseDayMonthYear(value: string): string | null {
  const match = DAY_MONTH_YEAR.exec(value.trim());
  if (!match) return null;
  return validDate(Number(match[3]), Number(match[2]), Number(match[1]));
}

function validDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
