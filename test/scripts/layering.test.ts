/**
 * The layering rule, read from the source itself (eslint.config.js enforces the same rule while
 * editing; this holds it even if the lint config is changed): components → controllers → services
 * (acs/ and simulated/ twins) → core, and only src/services/acs/ imports @azure/*.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file names: static imports and re-exports, `import()` and `typeof import()`. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** The folder of src/ a specifier lands in (`services/acs`, `core`, …), or the package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const resolved = path.relative(root, path.resolve(path.dirname(file), specifier)).split(path.sep);
  if (resolved[0] === 'services' && (resolved[1] === 'acs' || resolved[1] === 'simulated')) return `services/${resolved[1]}`;
  return resolved.length > 1 ? resolved[0]! : resolved[0]!.replace(/\.js$/, '');
}

const files = sources(root).map((file) => ({ file, layer: path.relative(root, file).split(path.sep)[0]!, imports: specifiers(file) }));

describe('layering', () => {
  it('reads imports from every kind of statement', () => {
    const all = files.flatMap((entry) => entry.imports);
    assert.ok(all.includes('lit'));
    assert.ok(all.some((specifier) => specifier.endsWith('/load-meeting-service.js')));
    assert.ok(all.some((specifier) => specifier === './setup-view.js'), 'a dynamic import');
  });

  it('core/ imports nothing from services/, controllers/, components/ or an SDK', () => {
    const bad = files
      .filter((entry) => entry.layer === 'core')
      .flatMap((entry) => entry.imports.map((specifier) => ({ file: entry.file, to: target(entry.file, specifier) })))
      .filter(({ to }) => /^(services|controllers|components)/.test(to) || to.startsWith('@azure/'));
    assert.deepEqual(bad, []);
  });

  it('components, controllers and the entry points never name a backend or an SDK', () => {
    const bad = files
      .filter((entry) => entry.layer !== 'services' && entry.layer !== 'core')
      .flatMap((entry) => entry.imports.map((specifier) => ({ file: entry.file, to: target(entry.file, specifier) })))
      .filter(({ to }) => to === 'services/acs' || to === 'services/simulated' || to.startsWith('@azure/'));
    assert.deepEqual(bad, []);
  });

  it('only src/services/acs/ imports @azure/*', () => {
    const bad = files
      .filter((entry) => !path.relative(root, entry.file).startsWith(`services${path.sep}acs${path.sep}`))
      .flatMap((entry) => entry.imports.filter((specifier) => specifier.startsWith('@azure/')).map((to) => ({ file: entry.file, to })));
    assert.deepEqual(bad, []);
  });

  it('controllers import no component', () => {
    const bad = files
      .filter((entry) => entry.layer === 'controllers')
      .flatMap((entry) => entry.imports.map((specifier) => ({ file: entry.file, to: target(entry.file, specifier) })))
      .filter(({ to }) => to === 'components');
    assert.deepEqual(bad, []);
  });
});
