import { JOBS } from './jobs';
import { describeRefusals } from './verdicts';

describeRefusals('jobs', JOBS);
