import { tearDown } from './global-temp';

export default function globalTeardown(): void {
  tearDown();
}
