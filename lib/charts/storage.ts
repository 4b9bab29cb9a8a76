import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment, storageSize } from '../config/environment';
import { DEFAULT_USER } from '../constructs/container';
import { Deployment } from '../constructs/deployment';
import { exemptFromPolicy } from '../constructs/policy-exemption';
import { PersistentVolume } from '../constructs/persistent-volume';
import { PersistentVolumeClaim } from '../constructs/persistent-volume-claim';
import { StorageClass } from '../constructs/storage-class';
import { Volume } from '../constructs/volume';
import { AppChart } from './app-chart';
import { loop } from './loop';
import { BUSYBOX_IMAGE } from './pods';

/**
 * StorageClasses, PersistentVolumes and PersistentVolumeClaims: a class of hand-made node-local storage, a
 * volume of that class, a claim bound to it, and a pod that writes to the claim.
 */
export class StorageChart extends AppChart {
  /** The class of hand-made volumes, also used by the database chart. */
  public readonly storageClass: StorageClass;
  /** The volume. */
  public readonly volume: PersistentVolume;
  /** The claim bound to it. */
  public readonly claim: PersistentVolumeClaim;
  /** The pod that writes to it. */
  public readonly writer: Deployment;

  public constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { env, namespace: 'course-storage' });
    this.storageClass = new StorageClass(this, 'course-manual');
    this.volume = new PersistentVolume(this, 'course-notes', {
      hostPath: `${env.hostPathRoot}/notes`,
      capacity: storageSize(env),
      storageClass: this.storageClass,
    });
    this.claim = new PersistentVolumeClaim(this, 'notes', { storage: storageSize(env), volume: this.volume });
    // Ready while it can write to the claim.
    const writerLoop = loop('date >> /data/notes.txt && tail -n 1 /data/notes.txt', Duration.seconds(60));
    this.writer = new Deployment(this, 'notes-writer', {
      replicas: 1,
      fsGroup: DEFAULT_USER,
      containers: [
        {
          name: 'writer',
          image: BUSYBOX_IMAGE,
          ...writerLoop,
          mounts: [
            ...writerLoop.mounts,
            { volume: Volume.fromPersistentVolumeClaim(this.claim, { name: 'notes' }), path: '/data' },
          ],
        },
      ],
    });
    exemptFromPolicy(this.writer, {
      rules: [],
      polarisChecks: ['deploymentMissingReplicas'],
      reason: 'one writer: it appends to one file on a ReadWriteOnce claim of a node-local volume',
    });
  }
}
