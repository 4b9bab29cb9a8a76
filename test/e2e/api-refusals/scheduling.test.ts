import { SCHEDULING } from './scheduling';
import { describeRefusals } from './verdicts';

describeRefusals('scheduling', SCHEDULING);
