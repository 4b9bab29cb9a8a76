import { ApiObject, App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { Finding, formatFindings } from '../../lib/checks/finding';
import { formatPath } from '../../lib/checks/field-path';
import { runChecks } from '../../lib/checks/run-checks';
import { SchemaValidator, loadSchema } from '../../lib/checks/schema-rules';
import { renderApp } from '../../lib/writer/render';
import { Change, Json, ObjectChanges, replaced } from './object-changes';
import { validObjects } from './valid-objects';

/**
 * Generated changes per property (`CHECK_PROPERTY_RUNS` sets another count); a failure prints its seed and the
 * shrunk change. Each run checks a whole environment (about 10 ms): `npm run test:unit` runs 100 of each.
 */
const RUNS = Number(process.env.CHECK_PROPERTY_RUNS ?? 100);

const changes = new ObjectChanges(validObjects());
const { change, corpora } = changes;
const corpusOf = (generated: Change) => changes.corpusOf(generated);
const described = (generated: Change) => changes.described(generated);
const changedObjects = (generated: Change) => changes.changedObjects(generated);

/**
 * Findings the gate reports when a rule throws instead of judging the object; the report of all of them is written
 * as a failed synthesis writes it (which reads the object as written).
 */
function failures(findings: readonly Finding[]): string[] {
  formatFindings('test', findings);
  return findings.filter((finding) => / check failed on this object/.test(finding.message)).map((f) => f.message);
}

const schemas = new Map<string, SchemaValidator>();
/** The fields the schema of the environment's release refuses in the changed value, on its own: `spec.ports[0].port`. */
function refusedBySchema(change: Change, manifest: Json): string[] {
  const release = corpusOf(change).env.kubernetesVersion;
  let validator = schemas.get(release);
  if (validator === undefined) {
    validator = new SchemaValidator(loadSchema(release));
    schemas.set(release, validator);
  }
  const where = formatPath(change.path);
  return validator
    .problems(manifest)
    .map((problem) => problem.message.split(' ')[0])
    .filter((field) => field.startsWith(where));
}

/**
 * The names a message about a field may call it by: its key, and the key of the map or list it is in (`capacity` for
 * `spec.capacity.storage`, as the quantity rule words it); indices left out.
 */
function fieldNames(field: string): string[] {
  const keys: string[] = [];
  const key = /\.([A-Za-z_][A-Za-z0-9_-]*)|^([A-Za-z_][A-Za-z0-9_-]*)|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let match = key.exec(field); match !== null; match = key.exec(field)) {
    keys.push(match[1] ?? match[2] ?? (JSON.parse(`"${match[3]}"`) as string));
  }
  return keys.slice(-2);
}

describe('runChecks, on valid objects with one field changed to any JSON value', () => {
  it('takes every corpus as valid', () => {
    for (const corpus of corpora) {
      expect([corpus.name, runChecks(corpus.objects, corpus.env).findings]).toEqual([corpus.name, []]);
    }
  });

  it(`never throws, and every rule judges the object (${RUNS} changes)`, () => {
    fc.assert(
      fc.property(change, (generated) => {
        const { objects } = changedObjects(generated);
        expect([described(generated), failures(runChecks(objects, corpusOf(generated).env).findings)]).toEqual([
          described(generated),
          [],
        ]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`reports a value the schema refuses with the object and the field (${RUNS} changes)`, () => {
    fc.assert(
      fc.property(change, (generated) => {
        const { objects, changed } = changedObjects(generated);
        const refused = refusedBySchema(generated, changed.manifest);
        fc.pre(refused.length > 0);
        const messages = runChecks(objects, corpusOf(generated).env)
          .findings.filter((finding) => finding.object === changed)
          .map((finding) => finding.message);
        const unnamed = refused.filter(
          (field) => !messages.some((message) => fieldNames(field).some((name) => message.includes(name))),
        );
        expect([described(generated), unnamed, messages]).toEqual([described(generated), [], messages]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`never throws on objects an escape hatch wrote, rendered as a synthesis renders them (${RUNS} changes)`, () => {
    fc.assert(
      fc.property(change, (generated) => {
        const original = corpusOf(generated).objects[generated.position];
        const app = new App();
        const chart = new Chart(app, 'raw');
        const manifest = replaced(original.manifest, generated.path, generated.value);
        // The raw object takes any JSON; what cdk8s itself refuses to construct is not the gate's to judge.
        fc.pre(
          typeof manifest.metadata === 'object' && manifest.metadata !== null && !Array.isArray(manifest.metadata),
        );
        new ApiObject(chart, 'changed', manifest);
        // A ConfigMap whose name gets its content's hash, and a SealedSecret, so that the writer rewrites the changed
        // object's references and annotates its pod template, as it does in every environment of the course.
        const namespace = typeof manifest.metadata.namespace === 'string' ? manifest.metadata.namespace : 'default';
        new ApiObject(chart, 'settings', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace },
          data: { a: 'b' },
        });
        new ApiObject(chart, 'credentials', {
          apiVersion: 'bitnami.com/v1alpha1',
          kind: 'SealedSecret',
          metadata: { name: 'credentials', namespace },
          spec: { encryptedData: { password: 'AgBsealed==' } },
        });
        const rendered = renderApp(app)
          .flatMap((file) => file.objects)
          .find((object) => object.path === 'raw/changed')!;
        const objects = [...corpusOf(generated).objects];
        objects[generated.position] = rendered;
        expect([described(generated), failures(runChecks(objects, corpusOf(generated).env).findings)]).toEqual([
          described(generated),
          [],
        ]);
      }),
      { numRuns: RUNS },
    );
  });
});
