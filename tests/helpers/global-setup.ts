/** Once per `vitest run`: the CLI bundle the tests' child processes start (see cli-bundle.ts). */
import type { TestProject } from 'vitest/node';
import { bundleCli, cliBundlePath, removeCliBundle } from './cli-bundle';

export default async function setup(project: TestProject): Promise<() => void> {
  const bundle = cliBundlePath(process.pid);
  await bundleCli(bundle);
  project.provide('glossCliBundle', bundle);
  // Watch mode: the source may have changed since, so each rerun bundles it again.
  project.onTestsRerun(() => bundleCli(bundle));
  return () => removeCliBundle(bundle);
}
