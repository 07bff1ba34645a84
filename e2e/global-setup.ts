import { bundleCli } from './cli-bundle';

export default async function globalSetup(): Promise<void> {
  await bundleCli();
}
