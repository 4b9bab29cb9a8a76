import { App } from 'cdk8s';
import { BatchChart } from './charts/batch';
import { ConfigChart } from './charts/config';
import { DashboardChart } from './charts/dashboard';
import { DatabaseChart } from './charts/database';
import { PodsChart } from './charts/pods';
import { RbacChart } from './charts/rbac';
import { StorageChart } from './charts/storage';
import { WebChart } from './charts/web';
import { WordPressChart } from './charts/wordpress';
import { Environment } from './config/environment';

/** Builds the course's applications for one environment, one chart (and one file) each. */
export function buildCourseApp(env: Environment): App {
  const app = new App();
  new PodsChart(app, 'pods', env);
  new WebChart(app, 'web', env);
  new ConfigChart(app, 'config', env);
  const storage = new StorageChart(app, 'storage', env);
  new DatabaseChart(app, 'database', { env, storageClass: storage.storageClass });
  new BatchChart(app, 'batch', env);
  new RbacChart(app, 'rbac', env);
  new DashboardChart(app, 'dashboard', env);
  new WordPressChart(app, 'wordpress', { env, storageClass: storage.storageClass });
  return app;
}
