/** A library in a fresh temporary folder for one test, closed after it (before the folder goes). */
import { Library } from '../../src/main/library';
import { closeAfterTest, tempDir } from './tmp';

export function tempLibrary(): Library {
  return closeAfterTest(Library.open(tempDir()));
}
