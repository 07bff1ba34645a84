/**
 * Vitest's setup file: runs again before every test file, also where files
 * share their modules (vitest.config.ts). A hook a shared helper registered
 * at its top level would run for the first file of a worker only.
 */
import { afterEach } from 'vitest';
import { removeTempDirs } from './tmp';

afterEach(removeTempDirs);
