import { App } from 'cdk8s';
import { CheckedEnvironment } from '../../lib/checks/rule';
import { Environment, parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { buildCourseApp } from '../../lib/course-app';
import { chooseEnvironments } from '../../lib/synthesize';
import { RenderedObject, renderApp } from '../../lib/writer/render';
import { buildShop } from '../constructs/api-fit-app';
import { buildBatch } from '../constructs/api-fit-batch-app';
import { buildDataTier, dataEnvironment } from '../constructs/api-fit-data-app';
import { buildInference, inferenceEnvironment } from '../constructs/api-fit-inference-app';
import { buildOperator, operatorEnvironment } from '../constructs/api-fit-operator-app';
import { buildObservability, observabilityEnvironment } from '../constructs/api-fit-observability-app';
import { buildPipeline, pipelineEnvironment } from '../constructs/api-fit-pipeline-app';
import {
  PLATFORM_NAMESPACE,
  PLATFORM_PRIORITY_CLASS,
  PLATFORM_TLS_SECRET,
  buildPlatform,
} from '../constructs/api-fit-platform-app';
import { SAAS_NAMESPACE, SAAS_TLS_SECRET, buildSaas } from '../constructs/api-fit-saas-app';
import { buildTenants, tenantsEnvironment } from '../constructs/api-fit-tenants-app';
import { buildCrdKinds, crdKindsEnvironment } from './crd-kinds';
import { buildRawKinds, rawKindsEnvironment } from './raw-kinds';

/** One environment's objects, every one of which passes the gate, with the environment they pass in. */
export interface ValidObjects {
  /** What they are, for a test's name: `course dev`. */
  readonly name: string;
  readonly env: CheckedEnvironment;
  readonly objects: readonly RenderedObject[];
}

function rendered(name: string, env: Environment, build: (env: Environment) => App): ValidObjects {
  return { name: `${name} ${env.name}`, env, objects: renderApp(build(env)).flatMap((file) => file.objects) };
}

/**
 * Every kind of object the project renders, valid: the course's environments; the applications written through the
 * public API alone (the api-fit shop, SaaS, platform, observability, data, inference, operator, pipeline and tenants
 * apps, each in dev (1.27) and prod (1.37), and the batch app in prod at both releases, as their tests build them); and raw
 * objects of the built-in kinds the constructs do not make (test/checks/raw-kinds.ts) and CustomResourceDefinitions
 * (test/checks/crd-kinds.ts), in dev and prod.
 */
export function validObjects(): ValidObjects[] {
  return [
    ...chooseEnvironments([]).map((env) => rendered('course', env, buildCourseApp)),
    ...(['dev', 'prod'] as const).flatMap((name) => [
      rendered(
        'api-fit shop',
        parseEnvironment(name, { ...ENVIRONMENTS[name], external: { secrets: ['api-fit/acme-registry'] } }),
        buildShop,
      ),
      rendered(
        'api-fit saas',
        parseEnvironment(
          name,
          { ...ENVIRONMENTS[name], external: { secrets: [`${SAAS_NAMESPACE}/${SAAS_TLS_SECRET}`] } },
          { [`${SAAS_NAMESPACE}/postgres-credentials`]: { password: 'AgBsealedPostgresPassword==' } },
        ),
        buildSaas,
      ),
      rendered(
        'api-fit platform',
        parseEnvironment(
          name,
          {
            ...ENVIRONMENTS[name],
            external: {
              secrets: [`${PLATFORM_NAMESPACE}/${PLATFORM_TLS_SECRET}`],
              priorityClasses: [PLATFORM_PRIORITY_CLASS],
            },
          },
          { [`${PLATFORM_NAMESPACE}/catalog-db`]: { password: 'AgBsealedCatalogPassword==' } },
        ),
        buildPlatform,
      ),
      rendered('api-fit observability', observabilityEnvironment(name), buildObservability),
      rendered('api-fit data', dataEnvironment(name), buildDataTier),
      rendered('api-fit inference', inferenceEnvironment(name), buildInference),
      rendered('api-fit operator', operatorEnvironment(name), buildOperator),
      rendered('api-fit pipeline', pipelineEnvironment(name), buildPipeline),
      rendered('api-fit tenants', tenantsEnvironment(name), buildTenants),
      rendered('raw kinds', rawKindsEnvironment(name), buildRawKinds),
      rendered('crd kinds', crdKindsEnvironment(name), buildCrdKinds),
    ]),
    ...['1.27', '1.37'].map((release) =>
      rendered(
        `api-fit batch ${release}`,
        parseEnvironment('prod', { ...ENVIRONMENTS.prod, kubernetesVersion: release }),
        buildBatch,
      ),
    ),
  ];
}
