import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { KUSTOMIZATION_FILE, kustomization } from '../../lib/gitops/kustomization';
import { renderApp } from '../../lib/writer/render';
import { tempDir } from '../helpers';

/**
 * Writes the charts of `app` to a new folder as the writer writes dist/dev/ (a file per chart, and the Kustomization
 * that orders them), for `npm run apply` with K8S_COURSE_DIST; returns the folder (the dist).
 */
export function writeDevDist(app: App): string {
  const dist = tempDir();
  fs.mkdirSync(path.join(dist, 'dev'));
  const files = renderApp(app);
  for (const file of files) {
    fs.writeFileSync(path.join(dist, 'dev', file.fileName), file.content);
  }
  fs.writeFileSync(path.join(dist, 'dev', KUSTOMIZATION_FILE), kustomization(files.map((file) => file.fileName)));
  return dist;
}
