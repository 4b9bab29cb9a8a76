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
});
