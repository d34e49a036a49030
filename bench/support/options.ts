/**
 * A benchmark's numeric command-line option, `--name <positive integer>`: the fallback when absent;
 * anything else ends the run with exit code 2 and a line naming the benchmark and the option.
 */
export function positiveIntegerOption(bench: string, name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!(Number.isInteger(value) && value > 0)) {
    process.stderr.write(`${bench}: ${name} takes a positive integer\n`);
    process.exit(2);
  }
  return value;
}
