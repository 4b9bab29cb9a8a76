/** Runs a script's main: its return value is the exit code; an error is printed in one line and exits 2. */
export function runCli(main: (argv: readonly string[]) => number): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
  }
}
