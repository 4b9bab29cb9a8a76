import { STORAGE } from './storage';
import { describeRefusals } from './verdicts';

describeRefusals('storage', STORAGE);
