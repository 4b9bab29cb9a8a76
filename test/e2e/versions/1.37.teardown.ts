import { tearDownCluster } from '../global-setup';

/** The global teardown of the project e2e-1.37 (jest.config.js). */
export default (): void => tearDownCluster('1.37');
