import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runFolderParent, setUp, tearDown } from './global-temp';

describe("the test run's temporary folder", () => {
  let parent: string;

  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'global-temp-'));
  });

  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('becomes TMPDIR, a new folder that the teardown removes with all it holds', () => {
    const env: NodeJS.ProcessEnv = {};
    const dir = setUp(env, parent);
    expect(env.TMPDIR).toBe(dir);
    expect(path.dirname(dir)).toBe(parent);
    expect(path.basename(dir)).toMatch(new RegExp(`^k8s-course-jest-${process.pid}-`));
    fs.mkdtempSync(path.join(dir, 'cdk8s.outdir.'));
    tearDown(env);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it("removes the folders of earlier runs whose process is gone, and keeps a running one's", () => {
    const gone = path.join(parent, 'k8s-course-jest-999999999-abc');
    const running = path.join(parent, `k8s-course-jest-${process.ppid}-abc`);
    fs.mkdirSync(gone);
    fs.mkdirSync(running);
    const env: NodeJS.ProcessEnv = {};
    setUp(env, parent);
    tearDown(env);
    expect(fs.readdirSync(parent)).toEqual([path.basename(running)]);
  });
});

describe("where the test run's folder goes", () => {
  const isTmpfs = (folder: string) => fs.statfsSync(folder).type === 0x01021994;

  it('on /dev/shm when it is a tmpfs with the room asked for, and elsewhere when it has not', () => {
    if (!fs.existsSync('/dev/shm') || !isTmpfs('/dev/shm')) {
      expect(runFolderParent('/dev/shm', '/elsewhere', 0)).toBe('/elsewhere');
      return;
    }
    expect(runFolderParent('/dev/shm', '/elsewhere', 0)).toBe('/dev/shm');
    expect(runFolderParent('/dev/shm', '/elsewhere', Number.MAX_SAFE_INTEGER)).toBe('/elsewhere');
  });

  it('not on a folder of a disk, nor on one that does not exist', () => {
    const repository = path.join(__dirname, '..');
    expect(runFolderParent(repository, '/elsewhere', 0)).toBe(isTmpfs(repository) ? repository : '/elsewhere');
    expect(runFolderParent(path.join(repository, 'no-such-folder'), '/elsewhere', 0)).toBe('/elsewhere');
  });
});
