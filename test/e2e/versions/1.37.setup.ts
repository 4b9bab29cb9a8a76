import { setUpCluster } from '../global-setup';

/** The global setup of the project e2e-1.37 (jest.config.js): the local cluster of Kubernetes 1.37. */
export default (): void => setUpCluster('1.37');
