import { App } from 'cdk8s';
import { AppChart } from '../lib/charts/app-chart';
import { Environment } from '../lib/config/environment';
import { WebService } from '../lib/constructs/web-service';
import { appName, appSettings, IMAGE } from './workload-spec';

/** How a variant of the workload differs from it (bench/our-plan.ts' base, before a release). */
export interface WorkloadVariant {
  /** @default 1 */
  readonly replicas?: number;
  /** Appended to every application's greeting. @default - none */
  readonly greetingSuffix?: string;
  /** Builds only the applications whose index modulo `count` is `index` (bench/threads.ts). @default - all */
  readonly part?: { readonly index: number; readonly count: number };
}

/**
 * The bench workload with this project's constructs: N applications, one AppChart each (its own namespace), each a
 * WebService with settings (ConfigMap) and a host (Ingress). The `build` of `synthesize` and `renderEnvironments`.
 */
export function ourWorkload(n: number, variant: WorkloadVariant = {}): (environment: Environment) => App {
  // Named, so that bench/profile.ts finds the construct building under it.
  return function build(environment) {
    const app = new App();
    for (let i = 0; i < n; i++) {
      if (variant.part !== undefined && i % variant.part.count !== variant.part.index) {
        continue;
      }
      const name = appName(i);
      const chart = new AppChart(app, name, { env: environment, namespace: name });
      const settings = appSettings(i);
      new WebService(chart, 'web', {
        image: IMAGE,
        replicas: variant.replicas ?? 1,
        config:
          variant.greetingSuffix === undefined
            ? settings
            : { ...settings, GREETING: `${settings.GREETING}${variant.greetingSuffix}` },
        host: `${name}.${environment.domain}`,
      });
    }
    return app;
  };
}
