import { rawFindings } from './raw-kinds';

describe('runtime-class-spec', () => {
  it('passes the RuntimeClass as written', () => {
    expect(rawFindings('RuntimeClass', 'raw-gvisor', () => undefined)).toEqual([]);
  });

  it('fires for a handler that is not a DNS-1123 label', () => {
    expect(rawFindings('RuntimeClass', 'raw-gvisor', (runtimeClass) => (runtimeClass.handler = 'runsc_x'))).toEqual([
      'runtime-class-spec: handler "runsc_x" is not a DNS-1123 label (at most 63 lower-case letters, digits or "-")',
    ]);
    expect(
      rawFindings('RuntimeClass', 'raw-gvisor', (runtimeClass) => (runtimeClass.handler = 'kata.fc')),
    ).toHaveLength(1);
  });
});

describe('runtime-class-spec: overhead', () => {
  const overhead = (podFixed: Record<string, string>) =>
    rawFindings('RuntimeClass', 'raw-gvisor', (runtimeClass) => (runtimeClass.overhead.podFixed = podFixed));

  it('passes cpu, memory, huge pages beside memory and whole extended resources', () => {
    expect(overhead({ cpu: '250m', memory: '120Mi', 'hugepages-2Mi': '2Mi', 'example.com/gpu': '1' })).toEqual([]);
  });

  it('fires for a resource no container has, a value below 0, a part of an extended resource, huge pages alone', () => {
    expect(overhead({ pods: '1', cpu: '-1' })).toEqual([
      'runtime-class-spec: overhead.podFixed["pods"] is not a resource of a container (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource with a domain such as example.com/gpu)',
      'runtime-class-spec: overhead.podFixed["cpu"] is -1, below 0',
    ]);
    expect(overhead({ 'hugepages-2Mi': '2Mi', 'example.com/gpu': '0.5' })).toEqual([
      'runtime-class-spec: overhead.podFixed["example.com/gpu"] is 0.5, not a whole number of an extended resource',
      'runtime-class-spec: overhead.podFixed charges huge pages without cpu or memory, which the API server refuses',
    ]);
  });
});

describe('runtime-class-spec: scheduling tolerations', () => {
  const tolerating = (...tolerations: Record<string, unknown>[]) =>
    rawFindings('RuntimeClass', 'raw-gvisor', (runtimeClass) => (runtimeClass.scheduling.tolerations = tolerations));
  const TAINT = { key: 'sandbox.example.com/runtime', operator: 'Exists', effect: 'NoExecute' };

  it('fires for a toleration given twice, whatever its tolerationSeconds (both API servers: Duplicate value)', () => {
    expect(tolerating(TAINT, { ...TAINT, tolerationSeconds: 30 })).toEqual([
      'runtime-class-spec: scheduling.tolerations[1] repeats scheduling.tolerations[0] (the same key, operator, value and effect), which the API server refuses in a RuntimeClass',
    ]);
  });

  it('passes tolerations of one key and other effects, operators or values', () => {
    expect(
      tolerating(
        TAINT,
        { ...TAINT, effect: 'NoSchedule' },
        { key: TAINT.key, value: 'gvisor' },
        { key: TAINT.key, operator: 'Equal', value: 'gvisor' },
      ),
    ).toEqual([]);
  });
});
