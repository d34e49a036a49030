// Two rows reused across calls: scoring runs this in a tight loop, and allocation dominated its cost.
let rows: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

/**
 * Levenshtein distance, stopping early once it exceeds `max` (then returns `max + 1`). Two rows of
 * memory, reused; strings compared by UTF-16 unit, which is exact for the folded forms. Internal.
 *
 * @example
 * ```ts
 * boundedLevenshtein("kitten", "sitting", 5); // 3
 * boundedLevenshtein("kitten", "sitting", 1); // 2 (more than 1)
 * ```
 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length * 2 + 2), new Int32Array(b.length * 2 + 2)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const cost = charA === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * Similarity in [0, 1]: `1 - distance / longer length`, or 0 when below `floor` (computed with a bound,
 * so dissimilar pairs cost little).
 *
 * @example
 * ```ts
 * levenshteinSimilarity("ttpmedia", "ttpmedya"); // 0.875
 * ```
 */
export function levenshteinSimilarity(a: string, b: string, floor = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  const max = Math.floor((1 - floor) * longer + 1e-9);
  const distance = boundedLevenshtein(a, b, max);
  if (distance > max) return 0;
  return 1 - distance / longer;
}
