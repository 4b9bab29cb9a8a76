import { CONTROL_PLANE } from './control-plane';
import { describeRefusals } from './verdicts';

describeRefusals('control-plane', CONTROL_PLANE);
