import { NETWORKING } from './networking';
import { describeRefusals } from './verdicts';

describeRefusals('networking', NETWORKING);
