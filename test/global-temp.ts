import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The prefix of the folder that holds every temporary file of one test run. */
const PREFIX = 'k8s-course-jest-';

/** Whether a process of this pid is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Jest's global setup: points TMPDIR at a new folder for the whole run, so that everything the tests and the libraries
 * they call create with os.tmpdir() (cdk8s' Testing.app() makes a folder per app, over a thousand per run) lands in one
 * place that the teardown removes. Folders of earlier runs whose process is gone (a killed run) are removed first.
 */
export function setUp(env: NodeJS.ProcessEnv = process.env, parent: string = os.tmpdir()): string {
  for (const name of fs.readdirSync(parent).filter((entry) => entry.startsWith(PREFIX))) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && !alive(pid)) {
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
  const dir = fs.mkdtempSync(path.join(parent, `${PREFIX}${process.pid}-`));
  env.K8S_COURSE_TEST_TMPDIR = dir;
  env.TMPDIR = dir;
  return dir;
}

/** Jest's global teardown: removes the run's temporary folder. */
export function tearDown(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env.K8S_COURSE_TEST_TMPDIR;
  if (dir !== undefined) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
