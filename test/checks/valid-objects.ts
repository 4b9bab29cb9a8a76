import { App } from 'cdk8s';
import { CheckedEnvironment } from '../../lib/checks/rule';
import { Environment, parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { buildCourseApp } from '../../lib/course-app';
import { chooseEnvironments } from '../../lib/synthesize';
import { RenderedObject, renderApp } from '../../lib/writer/render';
import { buildShop } from '../constructs/api-fit-app';
import { SAAS_NAMESPACE, SAAS_TLS_SECRET, buildSaas } from '../constructs/api-fit-saas-app';

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
 * Every kind of object the project renders, valid: the course's environments, and the two applications written
 * through the public API alone (the api-fit shop and SaaS app), each in dev (1.27) and prod (1.37).
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
    ]),
  ];
}
