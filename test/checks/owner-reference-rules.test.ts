import { runChecks } from '../../lib/checks/run-checks';
import { AnyManifest } from '../helpers';
import { TEST_ENV } from './fixtures';

function configMap(ownerReferences: unknown): AnyManifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop', ownerReferences },
    data: { MODE: 'live' },
  };
}

function ownerFindings(manifest: AnyManifest): string[] {
  return runChecks([{ path: 'shop/settings', manifest }], TEST_ENV)
    .findings.filter((finding) => finding.rule === 'owner-references')
    .map((finding) => finding.message);
}

const OWNER = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '6f1c2d9e-0000-4000-8000-000000000001' };

describe('owner-references', () => {
  it('passes full references, one of them the controller, and objects without any', () => {
    expect(
      ownerFindings(
        configMap([
          { ...OWNER, controller: true },
          { ...OWNER, name: 'api', uid: '2' },
        ]),
      ),
    ).toEqual([]);
    expect(ownerFindings(configMap(undefined))).toEqual([]);
  });

  it('refuses an empty uid, kind or name, and an apiVersion without a version', () => {
    expect(
      ownerFindings(
        configMap([
          { ...OWNER, uid: '' },
          { apiVersion: 'apps/', kind: '', name: '', uid: '1' },
        ]),
      ),
    ).toEqual([
      'metadata.ownerReferences[0].uid "" is empty, which the API server refuses',
      'metadata.ownerReferences[1].apiVersion "apps/" has no version, which the API server refuses',
      'metadata.ownerReferences[1].kind "" is empty, which the API server refuses',
      'metadata.ownerReferences[1].name "" is empty, which the API server refuses',
    ]);
  });

  it('refuses an Event as owner, and two controllers', () => {
    expect(
      ownerFindings(
        configMap([
          { apiVersion: 'v1', kind: 'Event', name: 'e', uid: '1' },
          { ...OWNER, controller: true },
          { ...OWNER, name: 'api', uid: '2', controller: true },
        ]),
      ),
    ).toEqual([
      'metadata.ownerReferences[0] names an Event as owner, which the API server refuses (an Event may not own objects)',
      'metadata.ownerReferences marks 2 references controller: true (Deployment web, Deployment api); the API server takes one at most',
    ]);
  });
});
