import { Problem } from './finding';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The projected sources whose items' paths share one directory, which the API server keeps apart. */
const FILE_SOURCES = ['configMap', 'secret', 'downwardAPI'] as const;

const PROJECTED_SOURCES = [...FILE_SOURCES, 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'];

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The object a configMap, secret or persistentVolumeClaim volume names, and the key of each of its items, which both
 * API servers (1.27 and 1.37) require ('secret.secretName: Required value', 'items[0].key: Required value').
 */
function namedSourceProblems(where: string, source: Json, kind: string, nameField: string): Problem[] {
  const problems: Problem[] = [];
  if (isBlank(source[nameField])) {
    problems.push({
      message: `${where} names no ${kind} (${nameField} is ${JSON.stringify(source[nameField] ?? null)})`,
      fix: `set ${nameField} to the name of the ${kind}`,
    });
  }
  ((source.items ?? []) as Json[]).forEach((item, index) => {
    if (isBlank(item?.key)) {
      problems.push({
        message: `${where} items[${index}] (path ${JSON.stringify(item?.path ?? null)}) names no key`,
        fix: `set key to the key of the ${kind} to write at the path`,
      });
    }
  });
  return problems;
}

/**
 * A projected volume's sources: one kind of source each, a ConfigMap or Secret named (and its items' keys), and no file
 * path that two items of ConfigMaps, Secrets or the downward API share.
 */
function projectedProblems(volume: Json): Problem[] {
  const problems: Problem[] = [];
  const paths = new Set<string>();
  ((volume.projected?.sources ?? []) as Json[]).forEach((source, index) => {
    const where = `volume "${volume.name}" projected.sources[${index}]`;
    const kinds = PROJECTED_SOURCES.filter((kind) => isSet(source?.[kind]));
    if (kinds.length > 1) {
      problems.push({
        message: `${where} has ${kinds.join(' and ')}; a source takes one`,
        fix: 'give each its own item of sources',
      });
    }
    for (const [kind, described] of [
      ['configMap', 'ConfigMap'],
      ['secret', 'Secret'],
    ] as const) {
      if (isSet(source?.[kind])) {
        problems.push(...namedSourceProblems(`${where} ${kind}`, source[kind], described, 'name'));
      }
    }
    for (const kind of FILE_SOURCES) {
      for (const item of (source?.[kind]?.items ?? []) as Json[]) {
        const path: unknown = item?.path;
        if (typeof path !== 'string' || path === '') {
          continue;
        }
        if (paths.has(path)) {
          problems.push({
            message: `${where} ${kind} writes ${JSON.stringify(path)}, which another item of the volume writes too; the API server refuses conflicting duplicate paths`,
            fix: 'give each item a path of its own',
          });
        }
        paths.add(path);
      }
    }
  });
  return problems;
}

/** What both API servers require of a pod volume's ConfigMap, Secret, claim, projected and hostPath sources. */
export function volumeSourceNameProblems(volume: Json): Problem[] {
  const where = `volume "${volume?.name}"`;
  return [
    ...(isSet(volume?.configMap)
      ? namedSourceProblems(`${where} configMap`, volume.configMap, 'ConfigMap', 'name')
      : []),
    ...(isSet(volume?.secret) ? namedSourceProblems(`${where} secret`, volume.secret, 'Secret', 'secretName') : []),
    ...(isSet(volume?.persistentVolumeClaim)
      ? namedSourceProblems(
          `${where} persistentVolumeClaim`,
          volume.persistentVolumeClaim,
          'PersistentVolumeClaim',
          'claimName',
        )
      : []),
    ...(isSet(volume?.projected) ? projectedProblems(volume) : []),
    ...(volume?.hostPath?.path === ''
      ? [
          {
            message: `${where} hostPath has an empty path, which the API server refuses (Required value)`,
            fix: 'give the path on the node to mount, e.g. "/var/log"',
          },
        ]
      : []),
  ];
}
