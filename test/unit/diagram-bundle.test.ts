import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { lambdaFunctions } from '../../functions/function-table';

// elkjs is about 1.5 MB minified: the diagram is laid out at build time (`npm run docs`), so no Lambda
// may carry it. This follows each handler's imports (what esbuild bundles) without building anything.
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

/** Every module under functions/ that exports a Lambda `handler`, relative to functions/. */
function entryPoints(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entryPoints(path);
    const isEntry = entry.name.endsWith('.ts') && /^export const handler\b/m.test(readFileSync(path, 'utf8'));
    return isEntry ? [relative(functionsDir, path)] : [];
  });
}

describe('the Lambda entry points', () => {
  it('are exactly the rows of the function table, each named <name>.handler.ts in its capability folder', () => {
    expect(entryPoints(functionsDir).sort()).toEqual(lambdaFunctions.map((row) => row.entry).sort());
  });
});

describe('the lifecycle diagram in the bundles', () => {
  it('reaches elkjs from no Lambda: the console ticket page draws on the stored layout', () => {
    const withElk = lambdaFunctions.filter((row) => packagesReached(join(functionsDir, row.entry)).has('elkjs'));
    expect(lambdaFunctions.length).toBeGreaterThan(10);
    expect(withElk.map((row) => row.handler)).toEqual([]);
  });
});
