import { RefusalTables } from './builders';
import { CONFIG } from './config';
import { CONTAINERS } from './containers';
import { CONTROL_PLANE } from './control-plane';
import { JOBS } from './jobs';
import { NETWORKING } from './networking';
import { PODS } from './pods';
import { SCHEDULING } from './scheduling';
import { STORAGE } from './storage';
import { WORKLOADS } from './workloads';

/** Every area's tables, by the name of its file: the rules under test are those that any area's refusals name. */
export const ALL_AREAS: Readonly<Record<string, RefusalTables>> = {
  config: CONFIG,
  containers: CONTAINERS,
  'control-plane': CONTROL_PLANE,
  jobs: JOBS,
  networking: NETWORKING,
  pods: PODS,
  scheduling: SCHEDULING,
  storage: STORAGE,
  workloads: WORKLOADS,
};
