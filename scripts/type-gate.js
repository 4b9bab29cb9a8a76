// The type-check gate of `npm run synth` (and of `--check` and `cdk8s synth`, which run the same script): the bundle
// that synthesizes is built by esbuild, which strips types without checking them, so code that `tsc` rejects would
// otherwise be synthesized. The gate runs TypeScript 7's native `tsc -p tsconfig.synth.json` (main.ts and everything it
// imports) before the bundle, incrementally, and remembers a pass by a hash of the sources that tsc read: when none of
// them changed, it costs a hash of those files and no compiler at all.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

/** The configuration files whose change may change the result, besides the program's own sources. */
const CONFIGS = ['tsconfig.json', 'tsconfig.synth.json', 'package-lock.json'];

/**
 * A hash of the names (relative to `root`) and content of these files; a missing file hashes as missing, so deleting
 * one is a change. Where the project lies is left out: tsc's verdict depends on what the files say, not on where they
 * are, so a copy or a moved clone of a checked project keeps its pass.
 */
function hashFiles(root, files) {
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    const full = path.join(root, file);
    hash.update(file.split(path.sep).join('/')).update('\0');
    hash.update(fs.existsSync(full) ? fs.readFileSync(full) : '<missing>').update('\0');
  }
  return hash.digest('hex');
}

/** Writes a file so that a reader sees the old content or the new one, never a part (concurrent runs share it). */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * A record of files and their hash, `{ files, hash }` (the last pass: the project's sources tsc read, and the hash of
 * them and the configs), or undefined when there is none or it is unreadable.
 */
function readStamp(stampFile) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return Array.isArray(stamp.files) && typeof stamp.hash === 'string' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** The files tsc lists with `--listFiles` that belong to the project (dependencies are covered by package-lock.json). */
function projectSources(root, listing) {
  return listing
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && path.isAbsolute(line))
    .map((line) => path.relative(root, line))
    .filter((file) => !file.startsWith('..') && !file.split(path.sep).includes('node_modules'))
    .sort();
}

/**
 * The native compiler of TypeScript 7 (the `typescript-native` package, `typescript@7`), run directly rather than
 * through its Node wrapper, which would only start a Node process to start it. The wrapper finds it the same way: in
 * the platform package `@typescript/typescript-<platform>-<arch>` beside it.
 */
function nativeTsc(root) {
  const wrapper = require.resolve('typescript-native/package.json', { paths: [root] });
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
  let manifest;
  try {
    manifest = require.resolve(`${platformPackage}/package.json`, { paths: [path.dirname(wrapper)] });
  } catch {
    throw new Error(`TypeScript 7's compiler for this platform (${platformPackage}) is not installed: run npm ci`);
  }
  return path.join(path.dirname(manifest), 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
}

/**
 * Type-checks the synthesis program of the project at `root`. Returns `{ ok: true, cached, hash }` when it type-checks
 * (`hash`: of the sources it read, which are the sources of the bundle too), or `{ ok: false, cached, report }` with
 * the compiler's messages when it does not.
 */
function typeCheck(root) {
  const cacheDir = path.join(root, '.build', 'typecheck');
  const stampFile = path.join(cacheDir, 'pass.json');
  const inputsOf = (files) => [...files, ...CONFIGS];
  const stamp = readStamp(stampFile);
  if (stamp !== undefined && hashFiles(root, inputsOf(stamp.files)) === stamp.hash) {
    return { ok: true, cached: true, hash: stamp.hash };
  }
  // A failure is remembered the same way, with its report: `npm run plan` or `map` after a failed synthesis of the
  // same sources does not run tsc again.
  const failFile = path.join(cacheDir, 'fail.json');
  const failure = readStamp(failFile);
  if (
    failure !== undefined &&
    typeof failure.report === 'string' &&
    hashFiles(root, inputsOf(failure.files)) === failure.hash
  ) {
    return { ok: false, cached: true, report: failure.report };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  // tsc rewrites its build info in place; each run works on its own copy and renames it back, so that two
  // concurrent runs never read a half-written one.
  const buildInfo = path.join(cacheDir, 'tsbuildinfo');
  const ownBuildInfo = `${buildInfo}.${process.pid}`;
  if (fs.existsSync(buildInfo)) {
    fs.copyFileSync(buildInfo, ownBuildInfo);
  }
  const result = spawnSync(
    nativeTsc(root),
    [
      '-p',
      path.join(root, 'tsconfig.synth.json'),
      '--incremental',
      '--tsBuildInfoFile',
      ownBuildInfo,
      '--listFiles',
      '--pretty',
      'false',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (fs.existsSync(ownBuildInfo)) {
    fs.renameSync(ownBuildInfo, buildInfo);
  }
  if (result.error !== undefined) {
    throw result.error;
  }
  if (result.status !== 0) {
    const report = `${result.stdout}\n${result.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !(path.isAbsolute(line.trim()) && fs.existsSync(line.trim())))
      .join('\n');
    const read = projectSources(root, result.stdout);
    writeAtomically(
      failFile,
      `${JSON.stringify({ files: read, hash: hashFiles(root, inputsOf(read)), report }, null, 2)}\n`,
    );
    return { ok: false, cached: false, report };
  }
  const files = projectSources(root, result.stdout);
  const hash = hashFiles(root, inputsOf(files));
  writeAtomically(stampFile, `${JSON.stringify({ files, hash }, null, 2)}\n`);
  return { ok: true, cached: false, hash };
}

module.exports = { hashFiles, nativeTsc, readStamp, typeCheck, writeAtomically };
