import * as fs from 'fs';
import fc from 'fast-check';
import { ConstructError, describeValue } from '../../lib/constructs/validation';
import { RenderedFile } from '../../lib/writer/render';
import {
  CASES,
  FUZZ_ENVIRONMENTS,
  Outcome,
  synthesizeChange,
  Call,
  InChart,
  Json,
  LibraryRefusal,
  PropChange,
  describeChange,
  isInLibraryCall,
  isPlain,
  originalValue,
  propChange,
  refusedAt,
} from './props-changes';

/**
 * Every construct of the public API under bad props, as untyped code passes them (props-changes.ts makes the changes):
 * synthesized as `synthesize` does it, gate included, the outcome is a ConstructError that names the construct path,
 * the bad value and what is allowed; a finding of the gate; or clean output free of values the user did not write.
 * Never another exception, never "undefined", "[object Object]" or "NaN" where a value belongs.
 *
 * `PROPS_FUZZ_RUNS` sets the count of changes (a long run: thousands), `PROPS_FUZZ_SEED` the seed; a failure prints
 * the seed, the shrunk change and what went wrong. `PROPS_FUZZ_SURVEY=<file>` writes every failing change of the
 * run to the file, by class (problem, construct and prop path), instead of stopping at the first.
 */
const RUNS = Number(process.env.PROPS_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.PROPS_FUZZ_SEED ?? 20261201);
const SURVEY = process.env.PROPS_FUZZ_SURVEY;

const ENVS = FUZZ_ENVIRONMENTS;

/** The value a change wrote, and each value and key inside it: what a message may show of it. */
function partsOf(value: Json, found: Json[] = []): Json[] {
  found.push(value);
  if (value instanceof Call) {
    value.args.forEach((arg) => partsOf(arg, found));
  } else if (Array.isArray(value)) {
    value.forEach((item) => partsOf(item, found));
  } else if (value !== null && typeof value === 'object' && !(value instanceof InChart)) {
    for (const [key, item] of Object.entries(value)) {
      found.push(key);
      partsOf(item, found);
    }
  }
  return found;
}

/** Ways a message may show a value: as `describeValue` does, as text, or by the key it is under. */
function renderings(value: Json): string[] {
  if (value instanceof Call || value instanceof InChart) {
    // An instance is shown by its kind ("(a Duration)"), or a construct by its path.
    return [value.name.split('.')[0], '(a ', '(an ', 'the construct '];
  }
  const shown = [describeValue(value)];
  if (typeof value === 'string') {
    shown.push(value, value.trim(), JSON.stringify(value).slice(1, -1));
  } else if (typeof value === 'number') {
    // A number converted to another unit and back may differ in its last digits.
    shown.push(String(value), JSON.stringify(value), String(value).slice(0, 6));
  }
  return shown.filter((text) => text !== '' && text !== undefined);
}

/** The text the user wrote in the change, which the output may then contain. */
function writtenText(change: PropChange): string {
  return partsOf(change.value)
    .map((part) =>
      typeof part === 'number' || part === undefined ? String(part) : typeof part === 'string' ? part : '',
    )
    .join(' ');
}

/** Words that stand where a value belongs: a value stringified without care. */
const GARBAGE = ['[object Object]', 'undefined', 'NaN', 'Infinity'];

/** The garbage words `text` holds that the user did not write, but "got undefined" of a value left out. */
function garbageIn(text: string, change: PropChange): string[] {
  const cleaned = text.replace(/got undefined|\(undefined\)|, undefined\)|undefined \(/g, '');
  // What cdk8s made of an argument of its own factory, e.g. Cron.schedule({ hour: {} }), is cdk8s' rendering.
  const written = `${writtenText(change)}${isInLibraryCall(change) ? ' [object Object]' : ''}`;
  return GARBAGE.filter((word) => cleaned.includes(word) && !written.includes(word));
}

/** An empty list, object or string: a message names the prop it empties, and needs not show it. */
function isEmpty(value: Json): boolean {
  return (
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (value !== null && typeof value === 'object' && Object.keys(value).length === 0)
  );
}

/** Words of a message that says what is allowed or how to fix it. */
const ALLOWED =
  /must|required|unknown key|is not|only|cannot|needs|takes|write|use |named|put |give|remove|declare|rename|raise|lower|set /;

/** The construct path of the change's case. */
function casePath(change: PropChange): string {
  return change.subject < 0 ? 'fuzz' : CASES[change.subject].path;
}

/** What is wrong with a construct's refusal of the change; [] when it is as it should be. */
function refusalProblems(error: unknown, change: PropChange): string[] {
  if (error instanceof LibraryRefusal) {
    return []; // cdk8s' factory refused at the user's call, in cdk8s' words
  }
  if (!(error instanceof ConstructError)) {
    return [`threw ${String(error instanceof Error ? error.stack : error)}`];
  }
  const problems: string[] = [];
  const { message } = error;
  // A reference's argument is refused by the reference, or by the construct that uses it.
  const paths = [refusedAt(change), casePath(change)];
  if (!paths.some((path) => message.startsWith(path))) {
    problems.push(`the message does not start with the construct path ${paths.join(' or ')}`);
  }
  // cdk8s' factories render an argument their way (Cron.schedule of { hour: {} } is "0 [object Object] * * *").
  const shownByLibrary = isInLibraryCall(change);
  if (
    change.kind !== 'delete' &&
    change.value !== undefined &&
    !shownByLibrary &&
    !/is required|needs at least one|got undefined/.test(message)
  ) {
    // A prop left out, an empty list or a missing key is named by its path; any other value is shown.
    // A map that lost a key the construct needs may be refused by that key ('no sealed value for key "user"').
    const original = originalValue(change);
    const lost =
      isPlain(original) && isPlain(change.value) ? Object.keys(original).filter((key) => !(key in change.value)) : [];
    const bad =
      change.kind === 'add key' ? [change.value[0], ...partsOf(change.value[1])] : [...partsOf(change.value), ...lost];
    if (!isEmpty(change.value) && !bad.some((part) => renderings(part).some((text) => message.includes(text)))) {
      problems.push('the message does not show the bad value');
    }
  }
  if (!ALLOWED.test(message)) {
    problems.push('the message does not say what is allowed');
  }
  const garbage = garbageIn(message, change);
  if (garbage.length > 0) {
    problems.push(`the message holds ${garbage.join(', ')}`);
  }
  return problems;
}

/** What is wrong with clean output: values nobody wrote, or a value given that is not there. */
function outputProblems(files: readonly RenderedFile[], change: PropChange): string[] {
  const text = files.map((file) => file.content).join('\n');
  const problems = garbageIn(text.replace(/\.nan|\.inf/g, 'NaN'), change).map((word) => `the output holds ${word}`);
  // A string or number the construct took is written as given (cdk8s' factories convert theirs: Duration, Size; a
  // reference to an object outside the project writes nothing of it but what its users name).
  const { value } = change;
  const kept =
    (typeof value === 'number' || (typeof value === 'string' && value !== '')) &&
    !isInLibraryCall(change) &&
    refusedAt(change) === casePath(change);
  const json = JSON.stringify(files.map((file) => file.objects.map((object) => object.manifest)));
  // Free text (an exemption's reason) is written trimmed; a webhook's caCertificate base64-encoded, as caBundle.
  const written = [value, typeof value === 'string' ? value.trim() : value].map((each) =>
    String(JSON.stringify(each)).replace(/^"|"$/g, ''),
  );
  if (typeof value === 'string') {
    written.push(Buffer.from(value).toString('base64'));
  }
  if (change.kind === 'replace' && kept && !written.some((text) => json.includes(text))) {
    problems.push(`the output lost the value ${describeValue(value)}`);
  }
  return problems;
}

function problemsOf(outcome: Outcome, change: PropChange): string[] {
  switch (outcome.kind) {
    case 'error':
      return refusalProblems(outcome.error, change);
    case 'findings':
      return outcome.findings
        .filter((finding) => typeof finding.rule !== 'string' || finding.rule === '')
        .map((finding) => `a finding without a rule id: ${finding.message}`);
    case 'clean':
      return outputProblems(outcome.files, change);
  }
}

describe('every construct of the public API, under bad props', () => {
  it.each(CASES.map((subject, index) => [subject.name, index] as const))(
    'synthesizes %s of its valid props cleanly in every environment',
    (_, index) => {
      const expected = CASES[index].findings ?? [];
      for (const env of ENVS) {
        const outcome = synthesizeChange(env, { subject: index, path: [], kind: 'none', value: undefined });
        const found =
          outcome.kind === 'findings' ? outcome.findings.map((finding) => `${finding.rule}: ${finding.message}`) : [];
        expect([env.name, outcome.kind === 'error' ? String(outcome.error) : found]).toEqual([
          env.name,
          expected.map((rule) => expect.stringMatching(`^${rule}: `)),
        ]);
      }
    },
  );

  it(`refuses a bad prop with its path and value, or the gate judges it (${RUNS} changes, seed ${SEED})`, () => {
    fc.assert(
      fc.property(propChange, fc.nat(ENVS.length - 1), (change, env) => {
        const problems = problemsOf(synthesizeChange(ENVS[env], change), change);
        expect([describeChange(change), ENVS[env].name, problems]).toEqual([
          describeChange(change),
          ENVS[env].name,
          [],
        ]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  (SURVEY === undefined ? it.skip : it)(`surveys every failing change of the run into ${SURVEY}`, () => {
    const classes = new Map<string, string[]>();
    for (const [change, env] of fc.sample(fc.tuple(propChange, fc.nat(ENVS.length - 1)), {
      numRuns: RUNS,
      seed: SEED,
    })) {
      const outcome = synthesizeChange(ENVS[env], change);
      for (const problem of problemsOf(outcome, change)) {
        const where = describeChange(change)
          .split(/ = | deleted| given /)[0]
          .replace(/\[\d+\]/g, '[]');
        const key = `${problem.split('\n')[0].slice(0, 100)} | ${where}`;
        const message = outcome.kind === 'error' ? String(outcome.error).split('\n')[0] : '';
        classes.set(key, [
          ...(classes.get(key) ?? []),
          `${ENVS[env].name}: ${describeChange(change)}\n      ${message}`,
        ]);
      }
    }
    const report = [...classes].map(([key, examples]) => `${examples.length} × ${key}\n    ${examples[0]}`);
    fs.writeFileSync(SURVEY!, `${classes.size} classes\n${report.join('\n')}\n`);
  });
});
