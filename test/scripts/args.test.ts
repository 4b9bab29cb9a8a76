import * as fs from 'fs';
import * as path from 'path';
import { CommandSpec, UsageError, help, parseCommandLine, runCommand, usage } from '../../lib/cli/args';
import { ENVIRONMENT_NAMES } from '../../scripts/cli';
import { readTree } from '../files';
import { copyProject, removeProjectCopy, runNode } from '../project-copy';
import { bundleArgs, bundleInto } from '../script-bundle';

const SYNTH: CommandSpec = {
  command: 'npm run synth',
  environments: ['dev', 'prod'],
  flags: { check: 'compare only' },
};
const SEAL: CommandSpec = { command: 'npm run seal', environments: ['dev', 'prod'], envRequired: true };

function usageError(spec: CommandSpec, argv: string[]): string {
  try {
    parseCommandLine(spec, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseCommandLine', () => {
  it('takes --env <name> and --env=<name>, repeated, each environment once, in order', () => {
    const line = parseCommandLine(SYNTH, ['--env', 'prod', '--env=dev', '--env', 'prod', '--check']);
    expect(line.envs).toEqual(['prod', 'dev']);
    expect([...line.flags]).toEqual(['check']);
    expect(line.help).toBe(false);
  });

  it('takes nothing as every environment and no flag', () => {
    const line = parseCommandLine(SYNTH, []);
    expect(line.envs).toEqual([]);
    expect(line.flags.size).toBe(0);
  });

  it.each<[string, string[], string]>([
    ['a misspelt flag', ['--chek'], 'unknown option --chek'],
    ['a short option', ['-c'], 'unknown option -c'],
    ['--env without its value', ['--env'], '--env needs a value: --env <name> or --env=<name>'],
    ['--env followed by a flag', ['--env', '--check'], '--env needs a value: --env <name> or --env=<name>'],
    ['a value given to a flag', ['--check=yes'], '--check takes no value'],
    ['a positional argument', ['prod'], 'unexpected argument "prod"; this command takes options only'],
    [
      'an unknown environment',
      ['--env', 'staging'],
      '--env: unknown environment "staging"; known environments: dev, prod',
    ],
    ['an empty environment', ['--env='], '--env: unknown environment ""; known environments: dev, prod'],
    [
      'constructor',
      ['--env', 'constructor'],
      '--env: unknown environment "constructor"; known environments: dev, prod',
    ],
    ['__proto__', ['--env=__proto__'], '--env: unknown environment "__proto__"; known environments: dev, prod'],
    ['toString', ['--env', 'toString'], '--env: unknown environment "toString"; known environments: dev, prod'],
    ['--env to a command without it', ['--env', 'dev'], 'unknown option --env'],
  ])('refuses %s', (_what, argv, message) => {
    const spec = argv[0] === '--env' && argv[1] === 'dev' ? { command: 'npm run import', environments: [] } : SYNTH;
    expect(usageError(spec, argv)).toBe(message);
  });

  it('requires an environment when the command needs one, unless --help is asked', () => {
    expect(usageError(SEAL, [])).toBe('--env: name at least one environment, of dev, prod');
    expect(parseCommandLine(SEAL, ['--help']).help).toBe(true);
  });

  it('knows the own environments of the configuration only', () => {
    expect(ENVIRONMENT_NAMES).toEqual(['dev', 'prod']);
  });
});

describe('usage and help', () => {
  it('writes the usage in one line', () => {
    expect(usage(SYNTH)).toBe('usage: npm run synth -- [--env <name>]... [--check]');
    expect(usage(SEAL)).toBe('usage: npm run seal -- --env <name> [--env <name>]...');
    expect(usage({ command: 'npm run import', environments: [] })).toBe('usage: npm run import');
  });

  it('lists every option under the usage', () => {
    expect(help(SYNTH)).toBe(
      [
        'usage: npm run synth -- [--env <name>]... [--check]',
        '  --env <name>  an environment: dev, prod (default: all)',
        '  --check       compare only',
        '  --help        print this and exit',
      ].join('\n'),
    );
  });
});

describe('runCommand', () => {
  let errors: string[];
  let logs: string[];
  beforeEach(() => {
    errors = [];
    logs = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    jest.spyOn(console, 'log').mockImplementation((line: string) => logs.push(line));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('exits 2 with the message and the usage, without running main, on a bad command line', async () => {
    const main = jest.fn(() => 0);
    expect(await runCommand(SYNTH, main, ['--chek'])).toBe(2);
    expect(main).not.toHaveBeenCalled();
    expect(errors).toEqual([
      'npm run synth: unknown option --chek\nusage: npm run synth -- [--env <name>]... [--check]',
    ]);
  });

  it('prints the help and exits 0 without running main', async () => {
    const main = jest.fn(() => 1);
    expect(await runCommand(SYNTH, main, ['--help'])).toBe(0);
    expect(main).not.toHaveBeenCalled();
    expect(logs).toEqual([help(SYNTH)]);
  });

  it("exits with main's code", async () => {
    expect(await runCommand(SYNTH, ({ envs }) => envs.length, ['--env', 'dev', '--env', 'prod'])).toBe(2);
    expect(await runCommand(SYNTH, async () => 1, [])).toBe(1);
  });
});

describe('the scripts', () => {
  let copy: string;
  let kubectl: string;
  let calls: string;
  beforeAll(() => {
    copy = copyProject({ parts: ['package.json', 'lib', 'scripts', 'imports', 'secrets', 'dist'] });
    kubectl = path.join(copy, 'kubectl');
    calls = path.join(copy, 'kubectl-calls');
    fs.writeFileSync(kubectl, `#!/bin/sh\necho "$@" >> ${calls}\n[ "$1" = get ] && echo '{"items": []}'\nexit 0\n`, {
      mode: 0o755,
    });
  });
  afterAll(() => removeProjectCopy(copy));

  /** What the scripts could write: the bindings, the sealed values and dist/. */
  function written(): Record<string, string>[] {
    return ['imports', 'secrets', 'dist'].map((folder) => readTree(path.join(copy, folder)));
  }

  /**
   * Runs a script of the copy, bundled (the command is the script's, not tsx's), with a kubectl that records its calls,
   * so nothing reaches a cluster.
   */
  function runScript(script: string, ...argv: string[]) {
    fs.rmSync(calls, { force: true });
    const bundle = bundleInto(copy, path.join('scripts', script));
    const result = runNode(copy, bundleArgs(bundle, ...argv), { KUBECTL: kubectl });
    return { ...result, kubectlCalls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8') : '' };
  }

  it.each<[string, string[], string]>([
    ['apply.ts', ['--env', 'constructor'], 'npm run apply: --env: unknown environment "constructor"'],
    ['apply.ts', ['--env=prod', '--prune'], 'npm run apply: unknown option --prune'],
    ['diff.ts', ['dev'], 'npm run diff: unexpected argument "dev"'],
    ['diff.ts', ['--env'], 'npm run diff: --env needs a value'],
    ['seal.ts', [], 'npm run seal: --env: name at least one environment, of dev, prod'],
    ['seal.ts', ['--env', '__proto__'], 'npm run seal: --env: unknown environment "__proto__"'],
    ['import-k8s.ts', ['--force'], 'npm run import: unknown option --force'],
  ])(
    '%s %j exits 2 with the usage and does nothing',
    (script, argv, message) => {
      const before = written();
      const result = runScript(script, ...argv);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toMatch(/\nusage: npm run \w+/);
      expect(result.status).toBe(2);
      expect(result.kubectlCalls).toBe('');
      expect(written()).toEqual(before);
    },
    30_000,
  );

  it('apply --env=prod reaches kubectl for prod only', () => {
    const result = runScript('apply.ts', '--env=prod');
    expect(result.status).toBe(0);
    expect(result.kubectlCalls).toContain('dist/prod/web.k8s.yaml');
    expect(result.kubectlCalls).not.toContain('dist/dev/');
  }, 30_000);
});
