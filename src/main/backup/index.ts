/** Backup and restore: SQLite snapshots and the library JSON format (FORMAT.md). */
export { backupDatabase, type BackupOptions, type BackupProgress, type BackupResult } from './snapshot';
export {
  LIBRARY_JSON_FORMAT,
  LIBRARY_JSON_VERSION,
  LibraryJsonSchema,
  parseLibraryJson,
  serializeLibraryJson,
  type LibraryJson,
} from './json-format';
export { exportLibraryJson, type ExportOptions } from './json-export';
export { importLibraryJson, type EntityCounts, type ImportOptions, type MergeReport } from './json-import';
export type { RestoreIssue } from './restore-checks';
