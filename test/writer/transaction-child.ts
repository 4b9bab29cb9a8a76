// Run by dist-transaction.test.ts and lock.test.ts in a child process, so that a test can kill it at a step
// (K8S_COURSE_FAULT) or run several at once.
//   transaction-child.ts replace <outdir> <label> [<folder>...]: replaces each folder (default dev, prod) with files
//     that all hold <label>
//   transaction-child.ts hold <outdir> <ms>: holds the lock of <outdir> for <ms>, printing "locked" once it has it
import { replaceFolders } from '../../lib/writer/dist-transaction';
import { withLock } from '../../lib/writer/lock';

const [command, outdir, arg, ...folders] = process.argv.slice(2);
if (command === 'replace') {
  const files = new Map([
    ['a.k8s.yaml', `${arg}\n`],
    ['argocd/application.yaml', `${arg}\n`],
  ]);
  replaceFolders(outdir, new Map((folders.length > 0 ? folders : ['dev', 'prod']).map((name) => [name, files])), {
    onWait: (holder) => console.log(`waiting for ${holder.pid}`),
  });
  console.log(`replaced with ${arg}`);
} else if (command === 'hold') {
  withLock(outdir, () => {
    console.log('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(arg));
  });
} else {
  throw new Error(`unknown command ${command}`);
}
