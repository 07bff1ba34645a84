/**
 * No import cycles in src/: a cycle makes module initialisation order depend
 * on which file is loaded first, and hides which module a rule lives in.
 * Imports are read with the TypeScript compiler's own pre-processor (type
 * imports count too: they tie the modules' meanings together all the same).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

const SOURCE = /\.(ts|svelte)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The script blocks of a Svelte component (the markup imports nothing). */
function scriptOf(path: string, text: string): string {
  if (!path.endsWith('.svelte')) return text;
  return Array.from(text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g), (m) => m[1]).join('\n');
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** A relative specifier to the file it names, as Vite and `moduleResolution: Bundler` resolve it. */
function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null; // packages cannot import our files back
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.js$/, '');
  const candidates = [base, `${stem}.ts`, `${base}.ts`, `${base}.svelte.ts`, join(base, 'index.ts')];
  return candidates.find(isFile) ?? null;
}

function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(scriptOf(file, readFileSync(file, 'utf8')), true, true);
    const targets = info.importedFiles
      .map((ref) => resolveSpecifier(file, ref.fileName))
      .filter((target): target is string => target !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle's modules (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the detector itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('resolves the imports of src/ to files', () => {
    const graph = importGraph(sourceFiles(SRC));
    const html = join(SRC, 'main/import/html.ts');
    expect(graph.get(html)).toContain(join(SRC, 'main/import/light-dom.ts'));
    expect(graph.get(html)).toContain(join(SRC, 'shared/errors.ts'));
    // Svelte components' script blocks are read too.
    const components = [...graph.keys()].filter((f) => f.endsWith('.svelte'));
    expect(components.length).toBeGreaterThan(0);
    expect(components.some((f) => graph.get(f)!.length > 0)).toBe(true);
  });

  it('src/ has none', () => {
    const cycles = findCycles(importGraph(sourceFiles(SRC))).map((c) => c.map((f) => relative(ROOT, f)));
    expect(cycles).toEqual([]);
  });
});
