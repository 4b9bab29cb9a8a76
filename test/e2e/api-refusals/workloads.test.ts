import { WORKLOADS } from './workloads';
import { describeRefusals } from './verdicts';

describeRefusals('workloads', WORKLOADS);
