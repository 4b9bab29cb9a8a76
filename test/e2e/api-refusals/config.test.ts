import { CONFIG } from './config';
import { describeRefusals } from './verdicts';

describeRefusals('config', CONFIG);
