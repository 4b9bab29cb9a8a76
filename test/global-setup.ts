import { setUp } from './global-temp';

export default function globalSetup(): void {
  setUp();
}
