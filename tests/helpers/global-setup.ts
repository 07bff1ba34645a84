/** Once per `vitest run`: the CLI bundle the tests' child processes start (see cli-bundle.ts). */
import type { TestProject } from 'vitest/node';
import { bundleCli, cliBundlePath, removeCliBundle } from './cli-bundle';

// Vitest calls this for the root and for each project (vitest.config.ts), each
// with its own copy of this module: one bundle, kept on the runner's global, serves them all.
const runner = globalThis as { glossCliBundling?: Promise<string> };

export default async function setup(project: TestProject): Promise<() => void> {
  runner.glossCliBundling ??= (async () => {
    const bundle = cliBundlePath(process.pid);
    await bundleCli(bundle);
    return bundle;
  })();
  const bundle = await runner.glossCliBundling;
  project.provide('glossCliBundle', bundle);
  // Watch mode: the source may have changed since, so each rerun bundles it again.
  project.onTestsRerun(() => bundleCli(bundle));
  return () => removeCliBundle(bundle);
}
