import { bundleCli } from '../tests/helpers/cli-bundle';
import { CLI_BUNDLE } from './cli-bundle';

export default async function globalSetup(): Promise<void> {
  await bundleCli(CLI_BUNDLE);
}
