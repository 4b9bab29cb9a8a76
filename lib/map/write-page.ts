import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { runChecks } from '../checks/run-checks';
import { Environment } from '../config/environment';
import { buildCourseApp } from '../course-app';
import { DIST } from '../paths';
import { renderApp } from '../writer/render';
import { environmentGraph, mapViews, viewDot } from './environment-map';
import { LAYOUT_CACHE, layoutAll } from './layout';
import { mapPage } from './page';

/** Options of `writeMapPage`. */
export interface MapPageOptions {
  /** Builds the app of the environment. @default buildCourseApp */
  readonly build?: (env: Environment) => App;
  /** The folder of the page. @default .build/map/ */
  readonly outdir?: string;
  /** The folder whose `<env>/` may hold the map's layout already. @default dist/ */
  readonly dist?: string;
}

/**
 * Writes the map page of an environment, `<outdir>/<env>.html`, and returns its path. The environment is rendered and
 * checked as a synthesis does, but its findings do not stop the page: they are what it shows, and a reference to a
 * missing object is drawn, marked missing. A construct that refuses its props still fails, with its message.
 */
export function writeMapPage(env: Environment, options: MapPageOptions = {}): string {
  const objects = renderApp((options.build ?? buildCourseApp)(env)).flatMap((file) => file.objects);
  const { findings, warnings, exemptions } = runChecks(objects, env);
  const views = mapViews(
    env.name,
    environmentGraph({ env, objects, findings: [...findings, ...warnings], exemptions }),
  );
  const previous = path.join(options.dist ?? DIST, env.name);
  const svgs = layoutAll(views.map(viewDot), { candidates: (position) => [path.join(previous, views[position].file)] });
  const outdir = options.outdir ?? LAYOUT_CACHE;
  fs.mkdirSync(outdir, { recursive: true });
  const file = path.join(outdir, `${env.name}.html`);
  fs.writeFileSync(file, mapPage(env.name, views, svgs));
  return file;
}
