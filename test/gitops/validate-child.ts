// Run by argocd.test.ts in a child process (bundled: the Argo CD models are ESM only, which jest's runtime cannot
// load): validates the dev environment's Application with the gitops settings of its argument (JSON) laid over dev's,
// and prints "valid" or the error's message (exit 1).
import { parseEnvironment } from '../../lib/config/environment';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { validateArgoApplication } from '../../lib/gitops/argocd';

const env = parseEnvironment('dev', ENVIRONMENTS.dev);
validateArgoApplication({ ...env, gitops: { ...env.gitops, ...JSON.parse(process.argv[2]) } }).then(
  () => console.log('valid'),
  (error: Error) => {
    console.log(error.message);
    process.exitCode = 1;
  },
);
