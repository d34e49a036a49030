/** Prints rows as an aligned plain-text table (the demo's only formatting need). */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(row));
}

/**
 * A step of the demo on stderr, so the wait is never silent: its name, a count while it runs (on a
 * terminal), and how long it took.
 */
export function step(name: string): { tick(): void; done(): void } {
  const started = Date.now();
  let count = 0;
  const live = Boolean(process.stderr.isTTY);
  process.stderr.write(`${name}...${live ? "" : "\n"}`);
  return {
    tick() {
      count += 1;
      if (live && count % 5 === 0) process.stderr.write(`\r${name}... ${count}`);
    },
    done() {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const what = count > 0 ? ` ${count}` : "";
      process.stderr.write(`${live ? "\r" : ""}${name}...${what} done in ${seconds} s\u001b[K\n`);
    },
  };
}
