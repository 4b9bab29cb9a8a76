import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

type Change = (spec: AnyManifest) => void;
const claim = (change: Change) => rawFindings('ResourceClaim', 'raw-gpu', (manifest) => change(manifest.spec), 'prod');
const template = (change: Change) =>
  rawFindings('ResourceClaimTemplate', 'raw-gpu', (manifest) => change(manifest.spec.spec), 'prod');
const deviceClass = (change: Change) =>
  rawFindings('DeviceClass', 'raw-gpu', (manifest) => change(manifest.spec), 'prod');

describe('device-request-spec', () => {
  it('passes the claim, its template and the class as written', () => {
    expect(claim(() => undefined)).toEqual([]);
    expect(template(() => undefined)).toEqual([]);
    expect(deviceClass(() => undefined)).toEqual([]);
  });

  it('fires for a request name that is not a label, and both exactly and firstAvailable', () => {
    expect(claim((spec) => (spec.devices.requests[0].name = 'gpu/x'))).toEqual([
      'device-request-spec: spec.devices.requests[0].name "gpu/x" is not a DNS-1123 label',
    ]);
    expect(
      claim((spec) => (spec.devices.requests[0].firstAvailable = [{ name: 'a', deviceClassName: 'raw-gpu' }])),
    ).toEqual([
      'device-request-spec: spec.devices.requests[0] has both exactly and firstAvailable; it needs exactly one',
    ]);
  });

  it('fires for a bad class name, a count beside All, an unknown mode, and a selector that is not a bool', () => {
    expect(
      claim(
        (spec) =>
          (spec.devices.requests[0].exactly = {
            deviceClassName: 'raw-gpu/x',
            allocationMode: 'All',
            count: 2,
            selectors: [{ cel: { expression: 'device.driver' } }],
          }),
      ),
    ).toEqual([
      'device-request-spec: spec.devices.requests[0].exactly.deviceClassName "raw-gpu/x" is not a DNS-1123 subdomain',
      'device-request-spec: spec.devices.requests[0].exactly.selectors[0].cel.expression "device.driver" does not compile: must evaluate to bool but got string',
      'device-request-spec: spec.devices.requests[0].exactly.count 2 is given with allocationMode All',
    ]);
    expect(template((spec) => (spec.devices.requests[0].exactly.allocationMode = 'Some'))).toEqual([
      'device-request-spec: spec.spec.devices.requests[0].exactly.allocationMode "Some" is not one of ExactCount, All',
    ]);
  });

  it("fires (label-syntax) for a label of the template's claim that is not a label (gate-fuzz, seed 2, 1.37)", () => {
    expect(
      rawFindings(
        'ResourceClaimTemplate',
        'raw-gpu',
        (manifest) => (manifest.spec.metadata.labels.app = 'raw-worker:'),
        'prod',
      ),
    ).toEqual([
      'label-syntax: claim template label "app" has value "raw-worker:", which is not a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    ]);
  });

  it('fires for a class selector without cel, or of a field a device does not have', () => {
    expect(deviceClass((spec) => (spec.selectors[0].cel.expression = "device.driverx == 'a'"))).toEqual([
      "device-request-spec: spec.selectors[0].cel.expression \"device.driverx == 'a'\" does not compile: compilation failed: ERROR: undefined field 'driverx'",
    ]);
    expect(deviceClass((spec) => (spec.selectors[0] = {}))).toEqual([
      'device-request-spec: spec.selectors[0].cel is missing',
    ]);
  });

  it('fires for a request name or a sub-request name given twice', () => {
    expect(claim((spec) => spec.devices.requests.push({ ...spec.devices.requests[0] }))).toEqual([
      'device-request-spec: spec.devices.requests[1] repeats the request name "gpu" of spec.devices.requests[0], which the API server refuses (Duplicate value)',
    ]);
    const alternatives = [
      { name: 'a', deviceClassName: 'raw-gpu' },
      { name: 'a', deviceClassName: 'raw-gpu' },
    ];
    expect(template((spec) => (spec.devices.requests[0] = { name: 'gpu', firstAvailable: alternatives }))).toEqual([
      'device-request-spec: spec.spec.devices.requests[0].firstAvailable[1] repeats the sub-request name "a" of spec.spec.devices.requests[0].firstAvailable[0], which the API server refuses (Duplicate value)',
    ]);
  });

  it('fires for a config of no opaque, of a driver that is no driver name or parameters that are no object, or of an unknown request', () => {
    expect(
      claim(
        (spec) =>
          (spec.devices.config = [
            { requests: ['cpu'], opaque: { driver: 'gpu_raw', parameters: [1] } },
            { requests: ['gpu', 'gpu'] },
          ]),
      ),
    ).toEqual([
      'device-request-spec: spec.devices.config[0].requests[0] "cpu" names no request of the claim (a request\'s name, or "<request>/<sub-request>" of its firstAvailable)',
      'device-request-spec: spec.devices.config[0].opaque.driver "gpu_raw" is not a CSI driver name (at most 63 characters of a DNS-1123 subdomain, any case)',
      'device-request-spec: spec.devices.config[0].opaque.parameters is an array, which the API server refuses (must be a valid JSON object)',
      'device-request-spec: spec.devices.config[1].requests[1] repeats the request "gpu" of spec.devices.config[1].requests[0], which the API server refuses (Duplicate value)',
      'device-request-spec: spec.devices.config[1].opaque is missing, which the API server requires of a device configuration',
    ]);
    expect(deviceClass((spec) => (spec.config = [{}]))).toEqual([
      'device-request-spec: spec.config[0].opaque is missing, which the API server requires of a device configuration',
    ]);
  });

  it('passes a config of a sub-request, a driver in capitals, and an object of parameters', () => {
    expect(
      claim((spec) => {
        spec.devices.requests[0] = { name: 'gpu', firstAvailable: [{ name: 'a', deviceClassName: 'raw-gpu' }] };
        spec.devices.config = [
          { requests: ['gpu/a'], opaque: { driver: 'GPU.raw.example.com', parameters: { a: 1 } } },
        ];
      }),
    ).toEqual([]);
  });

  it('fires for a constraint of an unknown request, of no attribute, or of an attribute that is no <domain>/<identifier>', () => {
    expect(
      claim(
        (spec) =>
          (spec.devices.constraints = [
            { requests: ['gpu/a'], matchAttribute: 'gpu.raw.example.com/numa' },
            {},
            { matchAttribute: 'numa' },
            { distinctAttribute: 'gpu.raw.example.com/1numa' },
            { matchAttribute: 'GPU_raw/numa' },
          ]),
      ),
    ).toEqual([
      'device-request-spec: spec.devices.constraints[0].requests[0] "gpu/a" names no request of the claim (a request\'s name, or "<request>/<sub-request>" of its firstAvailable)',
      'device-request-spec: spec.devices.constraints[1] has neither matchAttribute nor distinctAttribute, which the API server refuses (one is required)',
      'device-request-spec: spec.devices.constraints[2].matchAttribute "numa" is not <domain>/<identifier>, which the API server refuses',
      'device-request-spec: spec.devices.constraints[3].distinctAttribute "gpu.raw.example.com/1numa" has the name "1numa", which is not a C identifier of at most 32 characters (a letter or "_", then letters, digits or "_"), which the API server refuses',
      'device-request-spec: spec.devices.constraints[4].matchAttribute "GPU_raw/numa" has the domain "GPU_raw", which is not a DNS-1123 subdomain of at most 63 characters, which the API server refuses',
    ]);
    expect(
      claim(
        (spec) => (spec.devices.constraints = [{ requests: ['gpu'], distinctAttribute: 'gpu.raw.example.com/numa' }]),
      ),
    ).toEqual([]);
    // Both are taken (1.37, dry run): the API server judges matchAttribute then.
    const both = { matchAttribute: 'gpu.raw.example.com/numa', distinctAttribute: 'gpu.raw.example.com/pci' };
    expect(claim((spec) => (spec.devices.constraints = [both]))).toEqual([]);
  });

  it('fires for a class extendedResourceName that is no extended resource name', () => {
    for (const name of ['gpu', 'kubernetes.io/gpu', 'foo.kubernetes.io/gpu', 'requests.example.com/gpu', 'bad name']) {
      expect(deviceClass((spec) => (spec.extendedResourceName = name))).toEqual([
        `device-request-spec: spec.extendedResourceName ${JSON.stringify(name)} is not an extended resource name (a domain outside kubernetes.io, "/", and a name; "requests.<name>" a qualified name), which the API server refuses`,
      ]);
    }
    expect(deviceClass((spec) => (spec.extendedResourceName = 'example.com/gpu'))).toEqual([]);
  });

  it('fires for a toleration of Exists and a value, of a value that is no label value, or of a key that is no label key', () => {
    const tolerating = (...tolerations: AnyManifest[]) =>
      claim((spec) => (spec.devices.requests[0].exactly.tolerations = tolerations));
    expect(
      tolerating({ key: 'gpu.example.com/a', operator: 'Exists', value: 'b' }, { key: 'a b', value: 'c:' }),
    ).toEqual([
      'device-request-spec: spec.devices.requests[0].exactly.tolerations[0] has operator Exists and the value "b", which the API server refuses (must be empty for operator `Exists`)',
      'device-request-spec: spec.devices.requests[0].exactly.tolerations[1].key "a b" is not a taint key (a label key), which the API server refuses',
      'device-request-spec: spec.devices.requests[0].exactly.tolerations[1].value "c:" is not a label value (at most 63 letters, digits, "-", "_" or ".", a letter or digit at each end), which the API server refuses',
    ]);
    expect(tolerating({ key: 'a', operator: 'Exists' }, { key: 'b', value: 'c', effect: 'NoExecute' })).toEqual([]);
  });
});
