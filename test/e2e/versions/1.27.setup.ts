import { setUpCluster } from '../global-setup';

/** The global setup of the project e2e-1.27 (jest.config.js): the local cluster of Kubernetes 1.27. */
export default (): void => setUpCluster('1.27');
