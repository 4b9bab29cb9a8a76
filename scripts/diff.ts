import { spawnSync } from 'child_process';
import * as path from 'path';
import { chooseEnvironments } from '../lib/synthesize';

/**
 * `npm run diff [-- --env <name>]...`: what `kubectl apply --server-side -f dist/<env>/` would change on the cluster of
 * the current kubeconfig. Exits 0 when nothing would change, 1 when something would, 2 when the diff itself failed.
 */
function main(argv: readonly string[]): number {
  const names = argv.flatMap((arg, index) => (arg === '--env' && argv[index + 1] !== undefined ? [argv[index + 1]] : []));
  const dist = process.env.K8S_COURSE_DIST ?? path.join(__dirname, '..', 'dist');
  let status = 0;
  for (const env of chooseEnvironments(names)) {
    const dir = path.join(dist, env.name);
    const result = spawnSync(process.env.KUBECTL ?? 'kubectl', ['diff', '--server-side', '--field-manager=k8s-course', '-f', dir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    if (result.status === 0) {
      console.error(`diff ${env.name}: the cluster matches ${dir}`);
    } else if (result.status === 1) {
      console.error(`diff ${env.name}: applying ${dir} would change the objects above`);
      status = Math.max(status, 1);
    } else {
      console.error(`diff ${env.name}: kubectl diff failed (exit ${result.status ?? result.signal}); see its message above`);
      status = 2;
    }
  }
  return status;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
