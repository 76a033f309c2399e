import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// elkjs is about 1.5 MB minified: only the Lambda that draws the diagram may carry it. This follows
// each handler's imports (what esbuild bundles) without building anything.
const functionsDir = join(__dirname, '../../functions');

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  // Type-only imports are erased and bundle nothing.
  return [...source.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)].map((m) => m[1]!);
}

function packagesReached(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f));
      if (target) visit(target);
    }
  };
  visit(entry);
  return packages;
}

describe('the lifecycle diagram in the bundles', () => {
  const handlers = readdirSync(functionsDir)
    .filter((f) => f.endsWith('.ts') && /^export const handler\b/m.test(readFileSync(join(functionsDir, f), 'utf8')))
    .map((f) => f.replace(/\.ts$/, ''));

  it('reaches elkjs from the console ticket page only', () => {
    const withElk = handlers.filter((h) => packagesReached(join(functionsDir, `${h}.ts`)).has('elkjs'));
    expect(handlers.length).toBeGreaterThan(10);
    expect(withElk).toEqual(['console-ticket']);
  });
});
