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
