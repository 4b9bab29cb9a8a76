import { CONTAINERS } from './containers';
import { describeRefusals } from './verdicts';

describeRefusals('containers', CONTAINERS);
