import { Problem } from './finding';
import { CheckContext, Rule, formatLabels, namespaceOf, specOf } from './rule';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function storageClassProblem(className: string | undefined, where: string, context: CheckContext): Problem | undefined {
  if (
    className === undefined ||
    className === '' ||
    context.index.get('StorageClass', undefined, className) !== undefined
  ) {
    return undefined;
  }
  if (context.external.storageClasses.includes(className)) {
    return undefined;
  }
  return {
    message: `${where} asks for StorageClass "${className}", which the project does not define`,
    fix: "define the StorageClass and pass it by object, or declare it in the environment's external.storageClasses",
  };
}

export const storageClassReference: Rule = {
  id: 'storage-class',
  description: 'a PVC, PV or volumeClaimTemplate names a StorageClass we define or the environment declares',
  kinds: ['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet'],
  check(object, context) {
    const spec = specOf(object);
    switch (object.manifest.kind) {
      case 'PersistentVolumeClaim':
      case 'PersistentVolume':
        return [storageClassProblem(spec.storageClassName, 'storageClassName', context) ?? []].flat();
      case 'StatefulSet':
        return (spec.volumeClaimTemplates ?? []).flatMap(
          (claim: Json) =>
            storageClassProblem(
              claim.spec?.storageClassName,
              `volumeClaimTemplate "${claim.metadata?.name}"`,
              context,
            ) ?? [],
        );
      default:
        return [];
    }
  },
};

export const claimVolume: Rule = {
  id: 'claim-volume',
  description: 'a PVC bound by volumeName names a PersistentVolume we define',
  kinds: ['PersistentVolumeClaim'],
  check(claim, context) {
    const volumeName: string | undefined = specOf(claim).volumeName;
    if (volumeName === undefined || context.index.get('PersistentVolume', undefined, volumeName) !== undefined) {
      return [];
    }
    return [
      {
        message: `volumeName "${volumeName}" names no PersistentVolume of the project`,
        fix: 'define the PersistentVolume and pass it as `volume`',
      },
    ];
  },
};

export const statefulSetService: Rule = {
  id: 'statefulset-service',
  description: "a StatefulSet's serviceName is a headless Service of its namespace that selects its pods",
  kinds: ['StatefulSet'],
  check(statefulSet, context) {
    const spec = specOf(statefulSet);
    const namespace = namespaceOf(statefulSet);
    const service = context.index.get('Service', namespace, spec.serviceName);
    const fix = 'give the StatefulSet a headless Service (clusterIP: None) whose selector matches its pod labels';
    if (service === undefined) {
      return [{ message: `serviceName "${spec.serviceName}" names no Service in namespace ${namespace}`, fix }];
    }
    const serviceSpec = specOf(service);
    if (serviceSpec.clusterIP !== 'None') {
      return [
        {
          message: `Service ${namespace}/${spec.serviceName} is not headless (clusterIP is ${serviceSpec.clusterIP ?? 'allocated'})`,
          fix,
        },
      ];
    }
    const labels = spec.template?.metadata?.labels ?? {};
    const selector: Record<string, string> = serviceSpec.selector ?? {};
    if (!Object.entries(selector).every(([name, value]) => labels[name] === value)) {
      return [
        {
          message: `Service ${namespace}/${spec.serviceName} selects ${formatLabels(selector)}, which the StatefulSet's pods do not carry`,
          fix,
        },
      ];
    }
    return [];
  },
};

export const STORAGE_RULES: readonly Rule[] = [storageClassReference, claimVolume, statefulSetService];
