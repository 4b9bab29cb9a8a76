import { PODS } from './pods';
import { describeRefusals } from './verdicts';

describeRefusals('pods', PODS);
