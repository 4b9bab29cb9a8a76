import * as fs from 'fs';
import * as path from 'path';
import { App, Duration } from 'cdk8s';
import { projectFrames } from '../../lib/cli/error-location';
import { renderEnvironments, SynthesisError } from '../../lib/synthesize';
import { AppChart } from '../../lib/charts/app-chart';
import { Deployment } from '../../lib/constructs/deployment';
import { DEV, tempDir } from '../helpers';
import { REPOSITORY } from '../project-copy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildMainBundle } = require('../../scripts/bundle') as { buildMainBundle(root: string, out: string): string };

/** The error `run` throws. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/** A project of one main.ts whose `boom` throws on line 3, bundled as `npm run synth` bundles main.ts. */
function bundledProject(): { root: string; bundle: string } {
  const root = tempDir();
  fs.writeFileSync(
    path.join(root, 'main.ts'),
    ['// a project', 'export function boom(): never {', "  throw new TypeError('boom');", '}', ''].join('\n'),
  );
  return { root, bundle: buildMainBundle(root, path.join(root, '.build', 'main.js')) };
}

describe('projectFrames', () => {
  it("names the project's frames, innermost first, relative to the root", () => {
    const frames = projectFrames(
      thrown(() => JSON.parse('{')),
      REPOSITORY,
    );
    expect(frames[0]).toMatch(/^test\/cli\/error-location\.test\.ts:\d+:\d+$/);
  });

  it("maps a bundle's frames back to the TypeScript source with the bundle's source map", () => {
    const { root, bundle } = bundledProject();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { boom } = require(bundle) as { boom(): never };
    expect(projectFrames(thrown(boom), root)).toEqual(['main.ts:3:9']);
    fs.rmSync(`${bundle}.map`);
    expect(projectFrames(thrown(boom), path.join(root, 'elsewhere'))).toEqual([]);
  });

  it('names the bundle itself where its source map is missing', () => {
    const { root, bundle } = bundledProject();
    fs.rmSync(`${bundle}.map`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { boom } = require(bundle) as { boom(): never };
    expect(projectFrames(thrown(boom), root)).toEqual([expect.stringMatching(/^\.build\/main\.js:\d+:\d+$/)]);
  });

  it('leaves out node_modules, stops at the caller named `until`, and gives nothing for a value without a stack', () => {
    const error = new Error('x');
    error.stack = [
      'Error: x',
      `    at inner (${path.join(REPOSITORY, 'node_modules', 'cdk8s', 'lib', 'duration.js')}:10:5)`,
      `    at Chart (${path.join(REPOSITORY, 'lib', 'charts', 'web.ts')}:44:16)`,
      `    at ${path.join(REPOSITORY, 'lib', 'course-app.ts')}:18:3`,
      `    at renderEnvironments (${path.join(REPOSITORY, 'lib', 'synthesize.ts')}:101:25)`,
      `    at main (${path.join(REPOSITORY, 'main.ts')}:70:3)`,
    ].join('\n');
    expect(projectFrames(error, REPOSITORY, path.join('lib', 'synthesize.ts'))).toEqual([
      'lib/charts/web.ts:44:16',
      'lib/course-app.ts:18:3',
    ]);
    expect(projectFrames('not an error', REPOSITORY)).toEqual([]);
  });
});

describe('the report of a build that throws', () => {
  function report(build: () => App): string {
    const error = thrown(() => renderEnvironments({ environments: [DEV], build }));
    expect(error).toBeInstanceOf(SynthesisError);
    return (error as Error).message;
  }

  it("says where in the project an error of a library or of the app's code was thrown", () => {
    const message = report(() => {
      const app = new App();
      new AppChart(app, 'shop', { env: DEV, namespace: 'shop' });
      Duration.seconds(-5);
      return app;
    });
    expect(message.split('\n').slice(0, 2)).toEqual([
      'environment dev: Duration amounts cannot be negative. Received: -5',
      expect.stringMatching(/^ {2}thrown at test\/cli\/error-location\.test\.ts:\d+:\d+$/),
    ]);
  });

  it("keeps a construct's refusal as it is: it names the construct and the fix", () => {
    const message = report(() => {
      const app = new App();
      const chart = new AppChart(app, 'shop', { env: DEV, namespace: 'shop' });
      new Deployment(chart, 'web', { replicas: -1, containers: [{ name: 'web', image: 'nginx:1.25' }] });
      return app;
    });
    expect(message).toBe('environment dev: shop/web: replicas must be an integer of 0 or more, got -1');
  });
});
