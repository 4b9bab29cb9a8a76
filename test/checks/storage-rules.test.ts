import { runChecks } from '../../lib/checks/run-checks';
import { NO_EXTERNAL, TEST_ENV, findings, withChange } from './fixtures';
import { AnyManifest } from '../helpers';
import { rawFindings } from './raw-kinds';

describe('storage-class', () => {
  it('fires when a PVC asks for a StorageClass the project does not define', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.storageClassName = 'fast';
    });
    expect(findings(objects)).toEqual([
      'storage-class: storageClassName asks for StorageClass "fast", which the project does not define',
      'claim-volume: storageClassName "fast" differs from "manual" of PersistentVolume data-pv; they must match to bind',
    ]);
  });

  it('fires when a PersistentVolume names a StorageClass the project does not define', () => {
    const objects = withChange('PersistentVolume', 'data-pv', (volume) => {
      volume.spec.storageClassName = 'fast';
    });
    expect(findings(objects)).toEqual([
      'storage-class: storageClassName asks for StorageClass "fast", which the project does not define',
      'claim-volume: storageClassName "manual" differs from "fast" of PersistentVolume data-pv; they must match to bind',
    ]);
  });

  it('fires when a volumeClaimTemplate asks for a StorageClass the project does not define', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.volumeClaimTemplates[0].spec.storageClassName = 'fast';
    });
    expect(findings(objects)).toEqual([
      'storage-class: volumeClaimTemplate "state" asks for StorageClass "fast", which the project does not define',
    ]);
  });

  it('passes a StorageClass declared in external.storageClasses', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.volumeClaimTemplates[0].spec.storageClassName = 'fast';
    });
    expect(findings(objects, { ...NO_EXTERNAL, storageClasses: ['fast'] })).toEqual([]);
  });

  it('passes a claim that leaves the class out (the default class)', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      delete statefulSet.spec.volumeClaimTemplates[0].spec.storageClassName;
    });
    expect(findings(objects)).toEqual([]);
  });

  it('passes an empty storageClassName (no class)', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.volumeClaimTemplates[0].spec.storageClassName = '';
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('claim-volume', () => {
  it('fires when a PVC binds a PersistentVolume the project does not define', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.volumeName = 'other-pv';
    });
    expect(findings(objects)).toEqual(['claim-volume: volumeName "other-pv" names no PersistentVolume of the project']);
  });

  it('passes a PVC bound to a PersistentVolume the environment declares in external.persistentVolumes', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.volumeName = 'nfs-share';
    });
    expect(findings(objects, { ...NO_EXTERNAL, persistentVolumes: ['nfs-share'] })).toEqual([]);
    expect(findings(objects, { ...NO_EXTERNAL, persistentVolumes: ['other-share'] })).toEqual([
      'claim-volume: volumeName "nfs-share" names no PersistentVolume of the project',
    ]);
  });

  it('tells how to declare a PersistentVolume made outside the project', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      claim.spec.volumeName = 'nfs-share';
    });
    const [finding] = runChecks(objects, { ...TEST_ENV, external: NO_EXTERNAL }).findings.filter(
      (candidate) => candidate.rule === 'claim-volume',
    );
    expect(finding.fix).toContain("external.persistentVolumes (e.g. ['nfs-share'])");
  });

  it('passes a PVC without volumeName', () => {
    const objects = withChange('PersistentVolumeClaim', 'data', (claim) => {
      delete claim.spec.volumeName;
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('statefulset-service', () => {
  it('fires when serviceName names no Service', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.serviceName = 'cache';
    });
    expect(findings(objects)).toEqual(['statefulset-service: serviceName "cache" names no Service in namespace shop']);
  });

  it('fires when the Service gets a cluster IP allocated', () => {
    const objects = withChange('Service', 'db', (service) => {
      delete service.spec.clusterIP;
    });
    expect(findings(objects)).toEqual([
      'statefulset-service: Service shop/db is not headless (clusterIP is allocated)',
    ]);
  });

  it('fires when the Service has a fixed cluster IP', () => {
    const objects = withChange('Service', 'db', (service) => {
      service.spec.clusterIP = '10.96.0.50';
    });
    expect(findings(objects)).toEqual([
      'statefulset-service: Service shop/db is not headless (clusterIP is 10.96.0.50)',
    ]);
  });

  it("fires when the Service selects labels the StatefulSet's pods do not carry", () => {
    // Selects the web pods, which listen on 8080 too, so only this rule fires.
    const objects = withChange('Service', 'db', (service) => {
      service.spec.selector = { 'app.kubernetes.io/name': 'web' };
    });
    expect(findings(objects)).toEqual([
      "statefulset-service: Service shop/db selects app.kubernetes.io/name=web, which the StatefulSet's pods do not carry",
    ]);
  });

  it('passes a headless Service that selects the pods of the StatefulSet', () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'db', tier: 'data' };
    });
    expect(findings(objects)).toEqual([]);
  });
});

describe('storage-class-spec', () => {
  it('takes a provisioner in upper case, which the API server lower-cases before it checks it', () => {
    const upper = withChange('StorageClass', 'manual', (storageClass) => {
      storageClass.provisioner = 'KUBERNETES.IO/NO-PROVISIONER';
    });
    expect(findings(upper)).toEqual([]);
  });

  it('refuses a StorageClass with an empty provisioner, and one whose provisioner is not a qualified name', () => {
    const missing = withChange('StorageClass', 'manual', (storageClass) => {
      storageClass.provisioner = '';
    });
    expect(findings(missing)).toEqual([
      'storage-class-spec: the StorageClass names no provisioner, which the API server refuses',
    ]);
    const bad = withChange('StorageClass', 'manual', (storageClass) => {
      storageClass.provisioner = 'local path!';
    });
    expect(findings(bad)).toEqual([
      'storage-class-spec: provisioner "local path!" is not a qualified name (an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".")',
    ]);
  });

  it('passes the provisioners of CSI drivers and in-tree plugins', () => {
    for (const provisioner of ['ebs.csi.aws.com', 'rancher.io/local-path', 'kubernetes.io/no-provisioner']) {
      const objects = withChange('StorageClass', 'manual', (storageClass) => {
        storageClass.provisioner = provisioner;
      });
      expect(findings(objects)).toEqual([]);
    }
  });
});

describe('volume-spec', () => {
  it('refuses a PersistentVolume without capacity, access modes or a source, and one with two sources', () => {
    const bare = withChange('PersistentVolume', 'data-pv', (volume) => {
      volume.spec = { storageClassName: 'manual' };
    });
    expect(findings(bare).filter((line) => line.startsWith('volume-spec'))).toEqual([
      'volume-spec: has no accessModes; the API server requires at least one',
      'volume-spec: has no capacity.storage, which the API server requires of a PersistentVolume',
      'volume-spec: names no volume source (hostPath, nfs, csi, local, ...), which the API server requires',
    ]);
    const two = withChange('PersistentVolume', 'data-pv', (volume) => {
      volume.spec.nfs = { server: 'nfs.example.com', path: '/exports/data' };
    });
    expect(findings(two)).toEqual(['volume-spec: names 2 volume sources (csi, nfs); the API server takes exactly one']);
  });

  it('refuses a claim and a volumeClaimTemplate without access modes or a storage request', () => {
    const claim = withChange('PersistentVolumeClaim', 'data', (pvc) => {
      delete pvc.spec.accessModes;
      pvc.spec.resources = {};
    });
    expect(findings(claim).filter((line) => line.startsWith('volume-spec'))).toEqual([
      'volume-spec: has no accessModes; the API server requires at least one',
      'volume-spec: requests no storage (resources.requests.storage), which the API server requires',
    ]);
    const template = withChange('StatefulSet', 'db', (statefulSet) => {
      delete statefulSet.spec.volumeClaimTemplates[0].spec.accessModes;
    });
    expect(findings(template)).toEqual([
      'volume-spec: volumeClaimTemplate "state" has no accessModes; the API server requires at least one',
    ]);
  });
});

describe('volume-spec: the source of a PersistentVolume, as both API servers check it', () => {
  const volumeWith = (spec: AnyManifest) =>
    withChange('PersistentVolume', 'data-pv', (volume) => {
      delete volume.spec.csi;
      Object.assign(volume.spec, spec);
    });
  const onNode = {
    required: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] },
      ],
    },
  };
  const messages = (spec: AnyManifest) =>
    runChecks(volumeWith(spec), TEST_ENV)
      .findings.filter((finding) => finding.rule === 'volume-spec')
      .map((finding) => `${finding.message} | ${finding.fix}`);

  it('refuses a local volume without node affinity, with an empty path or one that climbs', () => {
    expect(messages({ local: { path: '/mnt/disks/ssd1' } })).toEqual([
      'is a local volume without nodeAffinity, which the API server refuses (spec.nodeAffinity: Required value: Local volume requires node affinity) | pin it to the node that has the disk: nodeAffinity.required.nodeSelectorTerms matching kubernetes.io/hostname',
    ]);
    expect(messages({ local: { path: '' }, nodeAffinity: onNode })).toEqual([
      'local.path is empty, which the API server refuses (Required value) | give the directory or device of the disk on the node, e.g. "/mnt/disks/ssd1"',
    ]);
    expect(messages({ local: { path: '/mnt/../etc' }, nodeAffinity: onNode })).toEqual([
      'local.path "/mnt/../etc" has a ".." element, which the API server refuses (must not contain \'..\') | write the path without ".."',
    ]);
  });

  it('refuses node affinity without required terms', () => {
    expect(messages({ hostPath: { path: '/data' }, nodeAffinity: {} })).toEqual([
      'nodeAffinity has no required node constraints, which the API server refuses (spec.nodeAffinity.required: Required value) | give nodeAffinity.required.nodeSelectorTerms, or remove nodeAffinity',
    ]);
    expect(messages({ hostPath: { path: '/data' }, nodeAffinity: { required: { nodeSelectorTerms: [] } } })).toEqual([
      'nodeAffinity.required has no nodeSelectorTerms, which the API server refuses (must have at least one node selector term) | give at least one term, e.g. a matchExpressions on kubernetes.io/hostname',
    ]);
  });

  it('refuses an NFS source without a server or with a relative path', () => {
    expect(messages({ nfs: { server: '', path: 'exports/data' } })).toEqual([
      "nfs.server is empty, which the API server refuses (Required value) | give the NFS server's host name or address",
      'nfs.path "exports/data" is not an absolute path, which the API server refuses | write the exported directory from "/", e.g. "/exports/data"',
    ]);
  });

  it('refuses a CSI source whose driver is no DNS subdomain (at most 63 characters) or whose volume handle is empty', () => {
    expect(messages({ csi: { driver: 'EBS_CSI', volumeHandle: '' } })).toEqual([
      'csi.driver "EBS_CSI" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; the API server compares it in lower case), which the API server refuses | name the driver as it names itself, e.g. "ebs.csi.aws.com"',
      'csi.volumeHandle is empty, which the API server refuses (Required value) | give the id of the volume in its storage system, e.g. "vol-0123456789abcdef0"',
    ]);
    expect(messages({ csi: { driver: '', volumeHandle: 'v' } })).toEqual([
      'csi.driver is empty, which the API server refuses (Required value) | name the driver as it names itself, e.g. "ebs.csi.aws.com"',
    ]);
    expect(messages({ csi: { driver: `${'a'.repeat(60)}.com`, volumeHandle: 'v' } })).toEqual([
      `csi.driver "${'a'.repeat(60)}.com" is longer than 63 characters, which the API server refuses | name the driver as it names itself, e.g. "ebs.csi.aws.com"`,
    ]);
  });

  it('passes the sources both servers take: local with node affinity (a relative path too), NFS at "/", CSI of an upper-case driver', () => {
    for (const spec of [
      { local: { path: '/mnt/disks/ssd1' }, nodeAffinity: onNode },
      { local: { path: 'mnt/disks' }, nodeAffinity: onNode },
      { nfs: { server: 'nfs.example.com', path: '/' }, mountOptions: ['nfsvers=4.1', 'hard'] },
      { nfs: { server: 'nfs.example.com', path: '/a/../b' } },
      { csi: { driver: 'EBS.csi.aws.com', volumeHandle: 'vol-1', fsType: 'ext4', readOnly: true } },
      { hostPath: { path: '/data' }, nodeAffinity: { required: { nodeSelectorTerms: [{}] } } },
    ]) {
      expect(messages(spec)).toEqual([]);
    }
  });
});

describe('volume-spec of an ephemeral volume', () => {
  it("fires for a pod's ephemeral volume whose claim template has no access modes or storage request", () => {
    expect(
      rawFindings('Pod', 'raw-scratch', (pod) => {
        pod.spec.volumes[0].ephemeral.volumeClaimTemplate.spec = { accessModes: [] };
      }),
    ).toEqual([
      'volume-spec: the claim template of ephemeral volume "scratch" has no accessModes; the API server requires at least one',
      'volume-spec: the claim template of ephemeral volume "scratch" requests no storage (resources.requests.storage), which the API server requires',
    ]);
  });
});

describe('csi-driver-spec', () => {
  const driverFindings = (change: (driver: AnyManifest) => void) =>
    rawFindings('CSIDriver', 'raw.csi.example.com', change);

  it('passes the CSIDriver as written', () => {
    expect(driverFindings(() => undefined)).toEqual([]);
  });

  it('fires for a token life outside 600 s to 2^32 s, and a second request of one audience', () => {
    expect(
      driverFindings((driver) => {
        driver.spec.tokenRequests = [
          { audience: 'a', expirationSeconds: 60 },
          { audience: 'a' },
          { audience: 'b', expirationSeconds: 2 ** 32 + 1 },
        ];
      }),
    ).toEqual([
      'csi-driver-spec: tokenRequests[0].expirationSeconds 60 is outside 600 (10 minutes) to 4294967296 (2^32)',
      'csi-driver-spec: tokenRequests[1].audience "a" is the audience of an earlier request',
      'csi-driver-spec: tokenRequests[2].expirationSeconds 4294967297 is outside 600 (10 minutes) to 4294967296 (2^32)',
    ]);
  });

  it('fires for a name over 63 characters', () => {
    expect(driverFindings((driver) => (driver.metadata.name = `${'a'.repeat(60)}.example.com`))).toEqual([
      `csi-driver-spec: name "${'a'.repeat(60)}.example.com" is 72 characters; a CSI driver's name has at most 63`,
    ]);
  });
});

describe('volume-spec: ReadWriteOncePod alone', () => {
  const RWOP_AND_RWO = ['ReadWriteOncePod', 'ReadWriteOnce'];
  const MESSAGE =
    'accessModes ReadWriteOncePod, ReadWriteOnce: the API server refuses ReadWriteOncePod beside other access modes (may not use ReadWriteOncePod with other access modes)';
  const FIX = 'ask for ReadWriteOncePod alone (one pod reads and writes), or leave it out';
  const volumeSpecProblems = (objects: ReturnType<typeof withChange>) =>
    runChecks(objects, TEST_ENV)
      .findings.filter((finding) => finding.rule === 'volume-spec')
      .map(({ message, fix }) => `${message} | ${fix}`);

  it('fires for a claim, a volumeClaimTemplate, an ephemeral claim template and a PersistentVolume of it and others', () => {
    expect(
      volumeSpecProblems(
        withChange('PersistentVolumeClaim', 'data', (claim) => (claim.spec.accessModes = RWOP_AND_RWO)),
      ),
    ).toEqual([`${MESSAGE} | ${FIX}`]);
    expect(
      volumeSpecProblems(
        withChange('StatefulSet', 'db', (statefulSet) => {
          statefulSet.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOncePod', 'ReadOnlyMany'];
        }),
      ),
    ).toEqual([
      `volumeClaimTemplate "state" accessModes ReadWriteOncePod, ReadOnlyMany: the API server refuses ReadWriteOncePod beside other access modes (may not use ReadWriteOncePod with other access modes) | ${FIX}`,
    ]);
    expect(
      volumeSpecProblems(
        withChange('PersistentVolume', 'data-pv', (volume) => {
          volume.spec.accessModes = RWOP_AND_RWO;
        }),
      ),
    ).toEqual([`${MESSAGE} | ${FIX}`]);
    expect(
      rawFindings('Pod', 'raw-scratch', (pod) => {
        pod.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes = RWOP_AND_RWO;
      }),
    ).toEqual([`volume-spec: the claim template of ephemeral volume "scratch" ${MESSAGE}`]);
  });

  it('passes ReadWriteOncePod alone, also written twice (the API server counts each mode once)', () => {
    for (const accessModes of [['ReadWriteOncePod'], ['ReadWriteOncePod', 'ReadWriteOncePod']]) {
      expect(
        volumeSpecProblems(
          withChange('PersistentVolumeClaim', 'data', (claim) => (claim.spec.accessModes = accessModes)),
        ),
      ).toEqual([]);
    }
  });
});

describe("volume-spec: a claim template's data source", () => {
  const withDataSource = (spec: AnyManifest, environment: 'dev' | 'prod' = 'dev') =>
    rawFindings(
      'Pod',
      'raw-scratch',
      (pod) => {
        Object.assign(pod.spec.volumes[0].ephemeral.volumeClaimTemplate.spec, spec);
      },
      environment,
    );
  const OF = 'volume-spec: the claim template of ephemeral volume "scratch"';

  it('fires for a data source of the core group that is no PersistentVolumeClaim, and from 1.29 an apiGroup that is no DNS subdomain', () => {
    expect(withDataSource({ dataSource: { kind: 'Foo', name: 'x' } })).toEqual([
      `${OF} dataSource names kind "Foo" of the core API group, which the API server refuses (must be 'PersistentVolumeClaim' when referencing the default apiGroup)`,
    ]);
    expect(withDataSource({ dataSourceRef: { apiGroup: '', kind: 'Snapshot', name: 'x' } })).toEqual([
      `${OF} dataSourceRef names kind "Snapshot" of the core API group, which the API server refuses (must be 'PersistentVolumeClaim' when referencing the default apiGroup)`,
    ]);
    const badGroup = { dataSource: { apiGroup: 'Bad_Group', kind: 'Foo', name: 'x' } };
    expect(withDataSource(badGroup, 'prod')).toEqual([
      `${OF} dataSource apiGroup "Bad_Group" is not a DNS-1123 subdomain, which the API server refuses`,
    ]);
    expect(withDataSource(badGroup, 'dev')).toEqual([]);
  });

  it("judges a StatefulSet's claim template's data source from 1.34, when the API server validates the templates", () => {
    const objects = withChange('StatefulSet', 'db', (statefulSet) => {
      statefulSet.spec.volumeClaimTemplates[0].spec.dataSource = { kind: 'Foo', name: 'x' };
    });
    const judged = (release: string) =>
      runChecks(objects, { ...TEST_ENV, kubernetesVersion: release })
        .findings.filter((finding) => finding.rule === 'volume-spec')
        .map(({ message }) => message);
    expect(judged('1.33')).toEqual([]);
    expect(judged('1.34')).toEqual([
      `volumeClaimTemplate "state" dataSource names kind "Foo" of the core API group, which the API server refuses (must be 'PersistentVolumeClaim' when referencing the default apiGroup)`,
    ]);
  });

  it('passes a claim, a snapshot and a populator of another group as data sources', () => {
    for (const dataSource of [
      { kind: 'PersistentVolumeClaim', name: 'x' },
      { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'x' },
      { apiGroup: 'populator.example.com', kind: 'Foo', name: 'x' },
    ]) {
      expect(withDataSource({ dataSource })).toEqual([]);
    }
  });

  it("passes a PersistentVolumeClaim's data source of the core group that is no claim, which the API server drops, and judges it beside a dataSourceRef", () => {
    const claimWith = (spec: AnyManifest) =>
      runChecks(
        withChange('PersistentVolumeClaim', 'data', (claim) => Object.assign(claim.spec, spec)),
        TEST_ENV,
      ).findings.filter((finding) => finding.rule === 'volume-spec');
    expect(claimWith({ dataSource: { kind: 'Foo', name: 'x' } })).toEqual([]);
    expect(claimWith({ dataSourceRef: { kind: 'Foo', name: 'x' } }).map(({ message }) => message)).toEqual([
      `dataSourceRef names kind "Foo" of the core API group, which the API server refuses (must be 'PersistentVolumeClaim' when referencing the default apiGroup)`,
    ]);
  });
});

describe('storage-class-spec: parameters', () => {
  const withParameters = (parameters: Record<string, string>) =>
    findings(withChange('StorageClass', 'manual', (storageClass) => (storageClass.parameters = parameters)));

  it('refuses an empty key, more than 512 parameters and more than 256 KiB of them', () => {
    expect(withParameters({ '': 'gp3' })).toEqual([
      'storage-class-spec: parameters has an empty key (of value "gp3"), which the API server refuses of a StorageClass (field can not be empty)',
    ]);
    const many = Object.fromEntries(Array.from({ length: 513 }, (_, index) => [`k${index}`, 'v']));
    expect(withParameters(many)).toEqual([
      'storage-class-spec: parameters has 513 entries, over the 512 the API server takes of a StorageClass',
    ]);
    expect(withParameters({ a: 'a'.repeat(256 * 1024) })).toEqual([
      'storage-class-spec: parameters hold 262145 bytes of keys and values, over the 256 KiB (262144) the API server takes of a StorageClass',
    ]);
  });

  it('passes 512 parameters, an empty value and 256 KiB exactly', () => {
    const many = Object.fromEntries(Array.from({ length: 512 }, (_, index) => [`k${index}`, 'v']));
    expect(withParameters(many)).toEqual([]);
    expect(withParameters({ type: '' })).toEqual([]);
    expect(withParameters({ a: 'a'.repeat(256 * 1024 - 1) })).toEqual([]);
  });
});

describe('csi-driver-spec: serviceAccountTokenInSecrets', () => {
  const driverFindings = (change: (driver: AnyManifest) => void) =>
    rawFindings('CSIDriver', 'raw.csi.example.com', change, 'prod').filter((line) =>
      line.startsWith('csi-driver-spec'),
    );

  it('refuses it without token requests, and takes it beside one', () => {
    const without = (driver: AnyManifest) => {
      driver.spec.serviceAccountTokenInSecrets = true;
      delete driver.spec.tokenRequests;
    };
    expect(driverFindings(without)).toEqual([
      'csi-driver-spec: serviceAccountTokenInSecrets is true but the CSIDriver asks for no tokenRequests, which the API server refuses (serviceAccountTokenInSecrets is set but no tokenRequests are specified)',
    ]);
    expect(driverFindings((driver) => (driver.spec.serviceAccountTokenInSecrets = true))).toEqual([]);
  });
});

describe('csi-driver-spec: nodeAllocatableUpdatePeriodSeconds', () => {
  const withPeriod = (seconds: number, environment: 'dev' | 'prod') =>
    rawFindings(
      'CSIDriver',
      'raw.csi.example.com',
      (driver) => (driver.spec.nodeAllocatableUpdatePeriodSeconds = seconds),
      environment,
    ).filter((line) => line.startsWith('csi-driver-spec'));

  it('refuses a period under 10 seconds on 1.37, and takes 10', () => {
    expect(withPeriod(5, 'prod')).toEqual([
      'csi-driver-spec: nodeAllocatableUpdatePeriodSeconds 5 is under 10, which the API server refuses (must be greater than or equal to 10 seconds)',
    ]);
    expect(withPeriod(10, 'prod')).toEqual([]);
  });

  it('leaves the field to the schema check on 1.27, which does not know it', () => {
    expect(withPeriod(5, 'dev')).toEqual([]);
  });
});

describe('volume-spec and host-path: a PersistentVolume beyond its source', () => {
  const volumeFindings = (change: (spec: AnyManifest) => void, release = '1.27') =>
    runChecks(
      withChange('PersistentVolume', 'data-pv', (volume) => change(volume.spec)),
      { ...TEST_ENV, kubernetesVersion: release },
    )
      .findings.filter((finding) => finding.rule === 'volume-spec' || finding.rule === 'host-path')
      .map(({ rule, message }) => `${rule}: ${message}`);
  const onHost = (path: string, policy?: string) => (spec: AnyManifest) => {
    delete spec.csi;
    spec.hostPath = { path };
    if (policy !== undefined) {
      spec.persistentVolumeReclaimPolicy = policy;
    }
  };

  it('refuses a capacity of another resource than storage', () => {
    expect(volumeFindings((spec) => (spec.capacity = { storage: '1Gi', cpu: '1' }))).toEqual([
      `volume-spec: capacity names "cpu"; the API server takes only storage in a PersistentVolume's capacity`,
    ]);
  });

  it('refuses a hostPath with a ".." element, and the root of the node recycled', () => {
    expect(volumeFindings(onHost('/data/../x'))).toEqual([
      `host-path: hostPath "/data/../x" has a ".." element, which the API server refuses of a PersistentVolume (must not contain '..')`,
    ]);
    expect(volumeFindings(onHost('/data/..'))).toHaveLength(1);
    for (const root of ['/', '//', '/./']) {
      expect(volumeFindings(onHost(root, 'Recycle'))).toEqual([
        `host-path: hostPath ${JSON.stringify(root)} is the node's root, which the API server refuses to recycle (persistentVolumeReclaimPolicy Recycle: may not be 'recycle' for a hostPath mount of '/')`,
      ]);
    }
  });

  it('passes a hostPath of dots that are no "..", a recycled directory, and the root retained', () => {
    expect(volumeFindings(onHost('/data/..x/...'))).toEqual([]);
    expect(volumeFindings(onHost('/data', 'Recycle'))).toEqual([]);
    expect(volumeFindings(onHost('/', 'Retain'))).toEqual([]);
  });

  it('refuses from 1.34 a volumeAttributesClassName that is empty, no DNS subdomain, or of a volume that is not CSI', () => {
    expect(volumeFindings((spec) => (spec.volumeAttributesClassName = 'Bad_Name'), '1.37')).toEqual([
      'volume-spec: volumeAttributesClassName "Bad_Name" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), which the API server refuses',
    ]);
    expect(volumeFindings((spec) => (spec.volumeAttributesClassName = ''), '1.37')).toEqual([
      'volume-spec: volumeAttributesClassName is empty, which the API server refuses of a PersistentVolume',
    ]);
    const nfs = (spec: AnyManifest) => {
      delete spec.csi;
      spec.nfs = { server: 'nfs.example.com', path: '/exports' };
      spec.volumeAttributesClassName = 'gold';
    };
    expect(volumeFindings(nfs, '1.37')).toEqual([
      'volume-spec: has volumeAttributesClassName "gold" but no csi source, which the API server refuses (a class of attributes is applied by a CSI driver)',
    ]);
    expect(volumeFindings((spec) => (spec.volumeAttributesClassName = 'gold'), '1.37')).toEqual([]);
    expect(volumeFindings(nfs, '1.33')).toEqual([]);
  });
});

describe('volume-spec: a claim beyond its access modes', () => {
  const claimFindings = (spec: AnyManifest, release = '1.27') =>
    runChecks(
      withChange('PersistentVolumeClaim', 'data', (claim) => Object.assign(claim.spec, spec)),
      { ...TEST_ENV, kubernetesVersion: release },
    )
      .findings.filter((finding) => finding.rule === 'volume-spec')
      .map(({ message }) => message);

  it('refuses a dataSource and a dataSourceRef of different sources', () => {
    expect(
      claimFindings({
        dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
        dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'b' },
      }),
    ).toEqual([
      'dataSource (PersistentVolumeClaim "a") and dataSourceRef (PersistentVolumeClaim "b") name different sources, which the API server refuses (must match dataSourceRef)',
    ]);
    const snapshot = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'a' };
    expect(claimFindings({ dataSource: snapshot, dataSourceRef: { ...snapshot, kind: 'Snapshot' } })).toEqual([
      'dataSource (snapshot.storage.k8s.io/VolumeSnapshot "a") and dataSourceRef (snapshot.storage.k8s.io/Snapshot "a") name different sources, which the API server refuses (must match dataSourceRef)',
    ]);
  });

  it('refuses a dataSource of apiGroup "" beside a dataSourceRef of none, as both servers do', () => {
    expect(
      claimFindings({
        dataSource: { apiGroup: '', kind: 'PersistentVolumeClaim', name: 'a' },
        dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'a' },
      }),
    ).toEqual([
      'dataSource (apiGroup "", PersistentVolumeClaim "a") and dataSourceRef (PersistentVolumeClaim "a") name different sources, which the API server refuses (must match dataSourceRef)',
    ]);
  });

  it('passes the same source in both, and a dataSourceRef of another namespace (dropped while cross-namespace sources are off)', () => {
    const source = { kind: 'PersistentVolumeClaim', name: 'a' };
    expect(claimFindings({ dataSource: source, dataSourceRef: source })).toEqual([]);
    expect(
      claimFindings({
        dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'a', namespace: 'other' },
      }),
    ).toEqual([]);
  });

  it('refuses a source of no name or no kind, but not a dataSource the API server drops', () => {
    expect(claimFindings({ dataSource: { kind: 'PersistentVolumeClaim', name: '' } })).toEqual([
      'dataSource has no name, which the API server requires (Required value)',
    ]);
    expect(claimFindings({ dataSourceRef: { apiGroup: 'example.com', kind: '', name: 'a' } })).toEqual([
      'dataSourceRef has no kind, which the API server requires (Required value)',
    ]);
    expect(claimFindings({ dataSource: { apiGroup: 'example.com', kind: 'Foo', name: '' } })).toEqual([]);
  });

  it('refuses from 1.34 a volumeAttributesClassName that is no DNS subdomain, and takes an empty one', () => {
    expect(claimFindings({ volumeAttributesClassName: 'Gold' }, '1.37')).toEqual([
      'volumeAttributesClassName "Gold" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), which the API server refuses',
    ]);
    expect(claimFindings({ volumeAttributesClassName: '' }, '1.37')).toEqual([]);
    expect(claimFindings({ volumeAttributesClassName: 'gold' }, '1.37')).toEqual([]);
  });
});
