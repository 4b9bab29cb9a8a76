import { CommandLine, CommandSpec, runCommand } from '../lib/cli/args';
import { ENVIRONMENTS } from '../lib/config/environments';

/** The environments every script's `--env` accepts: the own keys of ENVIRONMENTS, nothing inherited. */
export const ENVIRONMENT_NAMES: readonly string[] = Object.keys(ENVIRONMENTS);

/**
 * Runs a script's `main` on its strictly parsed command line (`lib/cli/args.ts`): a bad command line exits 2 with the
 * usage before `main` runs; `main`'s return value is the exit code; an error it throws is printed in one line and
 * exits `failureCode`.
 */
export function runScript(spec: CommandSpec, main: (line: CommandLine) => number, failureCode = 2): void {
  void runCommand(spec, (line) => {
    try {
      return main(line);
    } catch (error) {
      console.error(`${spec.command} failed: ${(error as Error).message}`);
      return failureCode;
    }
  });
}
