import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkDnsSubdomain } from './validation';

/** A ServiceAccount pods run as: cdk8s-plus' `ServiceAccount`, or one made outside the project. */
export type IServiceAccount = kplus.IServiceAccount;
/** A ConfigMap pods read: cdk8s-plus' `ConfigMap`, or one made outside the project. */
export type IConfigMap = kplus.IConfigMap;
/** A Secret pods read: a `SealedSecret`'s `secret`, cdk8s-plus' `Secret`, or one made outside the project. */
export type ISecret = kplus.ISecret;

/** A ServiceAccount of the chart's namespace that the project does not create. */
export const ServiceAccountRef = {
  /** Refers to the ServiceAccount `name`; the `pod-service-account` check refuses a name that exists nowhere. */
  fromName(scope: Construct, id: string, name: string): IServiceAccount {
    const account = kplus.ServiceAccount.fromServiceAccountName(scope, id, name);
    checkDnsSubdomain(account, 'ServiceAccountRef.fromName name', name);
    return account;
  },
};

/** A ConfigMap of the chart's namespace that the project does not create. */
export const ConfigMapRef = {
  /** Refers to the ConfigMap `name`; the `pod-reference` check refuses a name that exists nowhere. */
  fromName(scope: Construct, id: string, name: string): IConfigMap {
    const configMap = kplus.ConfigMap.fromConfigMapName(scope, id, name);
    checkDnsSubdomain(configMap, 'ConfigMapRef.fromName name', name);
    return configMap;
  },
};

/** A Secret of the chart's namespace that the project does not create (e.g. a TLS certificate from cert-manager). */
export const SecretRef = {
  /** Refers to the Secret `name`; declare it in the environment's `external.secrets` as `namespace/name`. */
  fromName(scope: Construct, id: string, name: string): ISecret {
    const secret = kplus.Secret.fromSecretName(scope, id, name);
    checkDnsSubdomain(secret, 'SecretRef.fromName name', name);
    return secret;
  },
};
