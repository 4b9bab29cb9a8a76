import { parseArgs } from 'util';

/** A command line that the command does not take: exit 2, with the usage. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An option that takes a value, e.g. `--format <format>`. */
export interface ValueOption {
  /** The value's name in the usage, e.g. `ref`. */
  readonly value: string;
  /** What it does. */
  readonly description: string;
  /** The value when the option is not given. */
  readonly default: string;
  /** The values it takes. @default - any */
  readonly allowed?: readonly string[];
}

/** What a command takes on its command line: `--env <name>` (repeatable), boolean flags and value options. */
export interface CommandSpec {
  /** How the command is run, e.g. `npm run synth`. */
  readonly command: string;
  /** The names `--env` accepts; an empty list means the command takes no `--env`. */
  readonly environments: readonly string[];
  /** At least one `--env` must be given. @default false */
  readonly envRequired?: boolean;
  /** The boolean flags the command takes, without their dashes, each with what it does. @default - none */
  readonly flags?: Readonly<Record<string, string>>;
  /** The options that take a value, without their dashes. @default - none */
  readonly options?: Readonly<Record<string, ValueOption>>;
}

/** A parsed command line. */
export interface CommandLine {
  /** The environments named by `--env`, in order, each once; empty when none was named. */
  readonly envs: readonly string[];
  /** The boolean flags given. */
  readonly flags: ReadonlySet<string>;
  /** The value of each value option, its default when it was not given. */
  readonly options: ReadonlyMap<string, string>;
  /** `--help` was given: print the usage and do nothing else. */
  readonly help: boolean;
}

/** The one-line usage of a command, e.g. `usage: npm run synth -- [--env <name>]... [--check]`. */
export function usage(spec: CommandSpec): string {
  const parts: string[] = [];
  if (spec.environments.length > 0) {
    parts.push(spec.envRequired ? '--env <name> [--env <name>]...' : '[--env <name>]...');
  }
  parts.push(...Object.keys(spec.flags ?? {}).map((flag) => `[--${flag}]`));
  parts.push(...Object.entries(spec.options ?? {}).map(([name, option]) => `[--${name} <${option.value}>]`));
  return `usage: ${spec.command}${parts.length > 0 ? ` -- ${parts.join(' ')}` : ''}`;
}

/** The usage, then one line per option, for `--help`. */
export function help(spec: CommandSpec): string {
  const lines = [usage(spec)];
  if (spec.environments.length > 0) {
    lines.push(
      `  --env <name>  an environment: ${spec.environments.join(', ')}${spec.envRequired ? '' : ' (default: all)'}`,
    );
  }
  for (const [flag, what] of Object.entries(spec.flags ?? {})) {
    lines.push(`  --${flag}${' '.repeat(Math.max(1, 12 - flag.length))}${what}`);
  }
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    const allowed = option.allowed === undefined ? '' : `: ${option.allowed.join(', ')}`;
    lines.push(`  --${name} <${option.value}>  ${option.description}${allowed} (default: ${option.default})`);
  }
  lines.push('  --help        print this and exit');
  return lines.join('\n');
}

/**
 * Parses `argv` strictly (node:util parseArgs): an unknown option, an option without its value or with one it does not
 * take, a positional argument, or an unknown environment throws a `UsageError` that names the bad argument.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): CommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  if (spec.environments.length > 0) {
    options.env = { type: 'string', multiple: true };
  }
  for (const flag of Object.keys(spec.flags ?? {})) {
    options[flag] = { type: 'boolean' };
  }
  for (const name of Object.keys(spec.options ?? {})) {
    options[name] = { type: 'string' };
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
  const help = values.help === true;
  const envs = [...new Set((values.env as string[] | undefined) ?? [])];
  const unknown = envs.filter((name) => !spec.environments.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--env: unknown environment ${unknown.map((name) => JSON.stringify(name)).join(', ')}; known environments: ${spec.environments.join(', ')}`,
    );
  }
  if (spec.envRequired && envs.length === 0 && !help) {
    throw new UsageError(`--env: name at least one environment, of ${spec.environments.join(', ')}`);
  }
  const flags = new Set(Object.keys(spec.flags ?? {}).filter((flag) => values[flag] === true));
  const chosen = new Map<string, string>();
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    const value = (values[name] as string | undefined) ?? option.default;
    if (option.allowed !== undefined && !option.allowed.includes(value)) {
      throw new UsageError(`--${name}: ${JSON.stringify(value)} is not one of ${option.allowed.join(', ')}`);
    }
    chosen.set(name, value);
  }
  return { envs, flags, options: chosen, help };
}

/** parseArgs' error in one line, naming the argument. */
function describeParseError(error: Error & { code?: string }): string {
  const argument = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${argument}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${argument}"; this command takes options only`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = argument.split(' ')[0];
      return error.message.includes('does not take an argument')
        ? `${option} takes no value`
        : `${option} needs a value: ${option} <name> or ${option}=<name>`;
    }
    default:
      return error.message.split('\n')[0];
  }
}

/**
 * Runs a command's `main` with its parsed command line and sets the exit code: `main`'s result; 0 after `--help`;
 * 2 with the message and the usage on stderr for a bad command line, writing nothing.
 */
export async function runCommand(
  spec: CommandSpec,
  main: (line: CommandLine) => number | Promise<number>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  let line: CommandLine;
  try {
    line = parseCommandLine(spec, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    console.error(`${spec.command}: ${error.message}\n${usage(spec)}`);
    return (process.exitCode = 2);
  }
  if (line.help) {
    console.log(help(spec));
    return (process.exitCode = 0);
  }
  return (process.exitCode = await main(line));
}
