#!/usr/bin/env node
/**
 * Electronegativity (Doyensec's Electron security linter, pinned) over src/.
 *
 *   node scripts/electronegativity.mjs [dir]      (npm run electronegativity; CI runs it)
 *
 * Prints every finding. Fails (exit 1) on any HIGH finding, and on any
 * MEDIUM one without an explanation where it fires: a comment
 * `electronegativity <CHECK_ID>: why this is fine` on the line or within
 * the few lines above it. Scanning src/ takes about a second.
 *
 * Runs offline. The tool's own CLI first downloads translations from S3 and
 * one check downloads Electron's release list from GitHub; this script uses
 * its runner with the bundled English texts instead, and leaves out that
 * check (Electron's version is kept current by the lockfile, not by CI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const requireHere = createRequire(join(ROOT, 'package.json'));
const TOOL_DIR = dirname(requireHere.resolve('@doyensec/electronegativity/package.json'));
const requireTool = createRequire(join(TOOL_DIR, 'package.json'));

/** How far above a finding its explanation may sit (a comment block over a call or an option). */
const EXPLANATION_REACH = 5;
const OFFLINE_EXCLUDED = ['availablesecurityfixesglobalcheck'];

/** The tool's i18n module fetches translations over the network; this one reads the bundled English only. */
function useBundledTranslations() {
  const file = join(TOOL_DIR, 'dist', 'locales', 'i18n.js');
  const i18n = requireTool('i18n');
  const offline = async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(file),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  const cached = new (requireTool('module'))(file);
  cached.filename = file;
  cached.loaded = true;
  cached.exports = offline;
  requireTool.cache[file] = cached;
}

/** True when a comment naming the check sits on the finding's line or just above it. */
function isExplained(source, line, checkId) {
  const lines = source.split('\n');
  const from = Math.max(0, line - 1 - EXPLANATION_REACH);
  const pattern = new RegExp(`electronegativity ${checkId}:`);
  return lines.slice(from, line).some((text) => pattern.test(text));
}

async function scan(dir) {
  useBundledTranslations();
  const run = requireTool('./dist/runner.js');
  const electronVersion = JSON.parse(readFileSync(requireHere.resolve('electron/package.json'), 'utf8')).version;
  const result = await run({
    input: dir,
    customScan: [],
    excludeFromScan: OFFLINE_EXCLUDED,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
  return {
    errors: result.errors,
    findings: result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location.line,
      column: issue.location.column,
      description: issue.description,
    })),
  };
}

async function main() {
  const dir = resolve(ROOT, process.argv[2] ?? 'src');
  const started = Date.now();
  const { errors, findings } = await scan(dir);
  let failed = false;
  for (const error of errors) {
    // A file the tool cannot parse is a file it did not check.
    console.error(`electronegativity: could not parse ${relative(ROOT, error.file)}: ${error.message}`);
    if (!error.tolerable) failed = true;
  }
  for (const f of findings) {
    // A project-wide finding (file "N/A", e.g. no navigation limits anywhere) has no line to explain it at.
    const located = existsSync(f.file);
    const where = located ? `${relative(ROOT, f.file)}:${f.line}:${f.column}` : '(whole project)';
    let verdict = '';
    if (f.severity === 'HIGH') {
      verdict = '  <- fails CI';
      failed = true;
    } else if (f.severity === 'MEDIUM' && !located) {
      verdict = '  <- fails CI: a project-wide finding, fix it';
      failed = true;
    } else if (f.severity === 'MEDIUM' && !isExplained(readFileSync(f.file, 'utf8'), f.line, f.id)) {
      verdict = `  <- fails CI: explain it with a comment "electronegativity ${f.id}: …" where it fires`;
      failed = true;
    } else if (f.severity === 'MEDIUM') {
      verdict = '  (explained where it fires)';
    }
    console.log(`${f.severity.padEnd(13)} ${f.id} ${where}${verdict}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`electronegativity: ${findings.length} finding(s) in ${relative(ROOT, dir) || '.'} (${seconds} s)`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`electronegativity: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
