/**
 * The public entry point: everything an app needs to describe its applications, from one import.
 *
 *   import { AppChart, WebService, BackendService, Environment } from '<this package>/lib';
 */
export { AppChart } from './charts/app-chart';
export type { AppChartProps } from './charts/app-chart';
export type { Environment, EnvironmentInput } from './config/environment';
export * from './constructs/backend-service';
export * from './constructs/container';
export * from './constructs/cron-job';
export * from './constructs/custom-resource';
export * from './constructs/custom-resource-definition';
export * from './constructs/daemon-set';
export * from './constructs/deployment';
export * from './constructs/horizontal-pod-autoscaler';
export * from './constructs/ingress';
export * from './constructs/job';
export { LifecycleHandler } from './constructs/lifecycle-handler';
export type { HttpLifecycleOptions, SleepAction } from './constructs/lifecycle-handler';
export * from './constructs/metadata';
export * from './constructs/namespace';
export * from './constructs/network-policy';
export * from './constructs/persistent-volume';
export * from './constructs/persistent-volume-claim';
export * from './constructs/pod';
export * from './constructs/pod-disruption-budget';
export * from './constructs/pod-failure-policy';
export * from './constructs/pod-spec';
export * from './constructs/policy-exemption';
export * from './constructs/priority-class';
export * from './constructs/probe';
export * from './constructs/references';
export * from './constructs/replica-set';
export * from './constructs/sealed-secret';
export * from './constructs/server';
export * from './constructs/service';
export * from './constructs/service-account';
export * from './constructs/stable-name';
export * from './constructs/stateful-set';
export * from './constructs/storage-class';
export * from './constructs/validating-webhook-configuration';
export * from './constructs/volume';
export * from './constructs/web-service';
export * from './constructs/workload';
export { Labels, MANAGED_BY } from './constructs/labels';
