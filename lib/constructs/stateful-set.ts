import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { AccessMode } from './persistent-volume';
import { RestartPolicy } from './pod-spec';
import { quantity } from './quantity';
import { Service } from './service';
import { IStorageClass } from './storage-class';
import { checkDnsLabel, checkUnique, fail } from './validation';
import { IScalable } from './horizontal-pod-autoscaler';
import { ReplicatedWorkloadProps, Workload, isReplicated } from './workload';

/** A claim the StatefulSet creates for each of its pods, mounted into the pod's first container. */
export interface VolumeClaimTemplate {
  /** The claim's name; pod N's claim is `<name>-<statefulset>-N`. */
  readonly name: string;
  /** Where the first container mounts it. */
  readonly mountPath: string;
  /** The storage each pod gets. */
  readonly storage: Size;
  /** The class of storage. @default - the cluster's default class */
  readonly storageClass?: IStorageClass;
  /** How it is mounted. @default [AccessMode.READ_WRITE_ONCE] */
  readonly accessModes?: readonly AccessMode[];
}

/** Properties of a `StatefulSet`. */
export interface StatefulSetProps extends ReplicatedWorkloadProps {
  /** How many pods to run; pod N is named `<name>-N`. @default 2 */
  readonly replicas?: number;
  /** Port the headless Service publishes (a container port of the first container). */
  readonly port: number;
  /** Storage per pod. @default - none */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
}

/**
 * A StatefulSet and its headless Service: pods with stable names (`<name>-0`, `<name>-1`), stable DNS names
 * (`<name>-0.<name>.<namespace>.svc.cluster.local`) and a claim of their own that outlives them.
 */
export class StatefulSet extends Workload implements IScalable {
  /** Its apiVersion and kind, for an autoscaler. */
  public readonly scaleTarget = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
  /** The headless Service that gives the pods their DNS names. */
  public readonly service: Service;
  /** The number of pods, or undefined when an autoscaler sets it. */
  public readonly replicas: number | undefined;
  /** The low-level API object, for escape hatches. */
  public readonly apiObject: k8s.KubeStatefulSet;

  public constructor(scope: Construct, id: string, props: StatefulSetProps) {
    super(scope, id, props, RestartPolicy.ALWAYS, isReplicated(props));
    this.replicas = this.resolveReplicas(props, this);
    const claims = props.volumeClaimTemplates ?? [];
    checkUnique(
      this,
      'volumeClaimTemplates names',
      claims.map((claim) => claim.name),
    );
    for (const claim of claims) {
      checkDnsLabel(this, 'volumeClaimTemplates.name', claim.name);
      if (!claim.mountPath.startsWith('/')) {
        fail(this, `volumeClaimTemplates[${claim.name}].mountPath must be an absolute path, got "${claim.mountPath}"`);
      }
      this.checkNoClash(claim);
    }
    this.service = new Service(this, 'Service', {
      name: this.name,
      headless: true,
      selector: this,
      ports: [{ port: props.port, name: 'main' }],
    });
    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: this.objectMetadata(),
      spec: {
        serviceName: this.service.name,
        replicas: this.replicas,
        selector: { matchLabels: { ...this.selectorLabels } },
        template: withClaimMounts(this.podTemplate, claims),
        volumeClaimTemplates:
          claims.length === 0 ? undefined : claims.map((claim) => renderClaim(claim, this.selectorLabels)),
      },
    });
    this.addNewerPodFields(this.apiObject);
  }

  /** The controller would swap a pod volume of the claim's name for the claim, and the API server rejects a path mounted twice. */
  private checkNoClash(claim: VolumeClaimTemplate): void {
    const spec = this.podTemplate.spec;
    if (spec?.volumes?.some((volume) => volume.name === claim.name)) {
      fail(this, `volumeClaimTemplates name "${claim.name}" is also the name of a pod volume; rename one of them`);
    }
    const first = spec?.containers[0];
    if (first?.volumeMounts?.some((mount) => mount.mountPath === claim.mountPath)) {
      fail(
        this,
        `volumeClaimTemplates[${claim.name}].mountPath ${claim.mountPath} is already a mount of container "${first.name}"; pick another path`,
      );
    }
  }
}

/** Mounts each claim into the first container; the claims themselves come from the volumeClaimTemplates. */
function withClaimMounts(template: k8s.PodTemplateSpec, claims: readonly VolumeClaimTemplate[]): k8s.PodTemplateSpec {
  if (claims.length === 0 || template.spec === undefined) {
    return template;
  }
  const [first, ...rest] = template.spec.containers;
  const mounts = [
    ...(first.volumeMounts ?? []),
    ...claims.map((claim) => ({ name: claim.name, mountPath: claim.mountPath })),
  ];
  return { ...template, spec: { ...template.spec, containers: [{ ...first, volumeMounts: mounts }, ...rest] } };
}

function renderClaim(
  claim: VolumeClaimTemplate,
  labels: Readonly<Record<string, string>>,
): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name: claim.name, labels: { ...labels } },
    spec: {
      accessModes: [...(claim.accessModes ?? [AccessMode.READ_WRITE_ONCE])],
      storageClassName: claim.storageClass?.name,
      resources: { requests: { storage: quantity(claim.storage) } },
    },
  };
}
