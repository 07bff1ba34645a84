// Placeholder until the importers land (helper is writing them).
import { GlossError } from '../../shared/errors';
import type { ImportedArticle, ImportInput } from './types';
export function importDocument(input: ImportInput): ImportedArticle {
  throw new GlossError('unsupported_format', `not yet: ${input.fileName}`);
}
