/**
 * `npm run test:types` (after `npm run build`): the framework types generated from
 * custom-elements.json, compiled the way an app would use them, through the package's own
 * `exports` (a self-reference to `acs-teams-elements/...`):
 *   - fixtures/react/app.tsx             tsc, React 19 JSX (`acs-teams-elements/jsx`)
 *   - fixtures/react/wrappers.tsx        tsc, the @lit/react wrappers (`acs-teams-elements/react`)
 *   - fixtures/vue/App.vue               vue-tsc with strictTemplates (`acs-teams-elements/vue`)
 *   - fixtures/svelte/*.svelte           svelte-check (`acs-teams-elements/svelte`)
 *   - fixtures/svelte-mistakes/*.svelte  svelte-check must report exactly the errors marked there
 * The React and Vue fixtures hold their own wrong uses under `@ts-expect-error` /
 * `@vue-expect-error`, so types gone loose fail too. A renamed event or attribute fails them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reactEvents } from '../../src/react-events.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = (...parts: string[]) => path.join(root, 'test', 'types', 'fixtures', ...parts);
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[]): { code: number; output: string } {
  const result = spawnSync(bin(command), args, { cwd: root, encoding: 'utf8', timeout: 240_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

function svelteCheck(dir: string) {
  return run('svelte-check', ['--workspace', here(dir), '--tsconfig', here(dir, 'tsconfig.json'), '--output', 'machine']);
}

describe('framework types generated from custom-elements.json', () => {
  it('the build produced them (run `npm run build` first)', () => {
    for (const file of ['dist/index.d.ts', 'dist/frameworks/jsx-elements.d.ts', 'dist/frameworks/jsx.d.ts', 'dist/frameworks/vue.d.ts', 'dist/frameworks/svelte.d.ts']) {
      assert.ok(existsSync(path.join(root, file)), `${file} is missing`);
    }
  });

  it('React: app.tsx (React 19 JSX) and wrappers.tsx (acs-teams-elements/react) compile', () => {
    const { code, output } = run('tsc', ['-p', here('react', 'tsconfig.json')]);
    assert.equal(code, 0, output);
  });

  it('Vue: App.vue passes vue-tsc (strictTemplates) with acs-teams-elements/vue', () => {
    const { code, output } = run('vue-tsc', ['-p', here('vue', 'tsconfig.json')]);
    assert.equal(code, 0, output);
  });

  it('React 18 wrappers: every event in custom-elements.json has its onAcs* prop, and no other', () => {
    interface Manifest {
      modules: { declarations?: { tagName?: string; customElement?: boolean; events?: { name: string }[] }[] }[];
    }
    const manifest = JSON.parse(readFileSync(path.join(root, 'custom-elements.json'), 'utf8')) as Manifest;
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
    assert.deepEqual(elements.map((d) => d.tagName).sort(), Object.keys(reactEvents).sort());
    for (const element of elements) {
      const fromManifest = [...new Set((element.events ?? []).map((e) => e.name))].sort();
      const wrapped = reactEvents[element.tagName!]!;
      assert.deepEqual(Object.values(wrapped).sort(), fromManifest, element.tagName);
      for (const [prop, name] of Object.entries(wrapped)) {
        const camel = `on${name.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase())}`;
        assert.equal(prop, camel, `${element.tagName}: ${name}`);
      }
    }
  });

  it('Svelte: the fixtures pass svelte-check with acs-teams-elements/svelte', () => {
    const { code, output } = svelteCheck('svelte');
    assert.equal(code, 0, output);
    assert.match(output, /COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/);
  });

  it('Svelte: every marked mistake is reported, and nothing else', () => {
    const expected = new Set<string>();
    for (const file of readdirSync(here('svelte-mistakes')).filter((f) => f.endsWith('.svelte'))) {
      readFileSync(here('svelte-mistakes', file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (line.includes('<!-- error:')) expected.add(`${file}:${index + 1}`);
        });
    }
    assert.ok(expected.size >= 5, 'the fixture lost its marked mistakes');
    const { output } = svelteCheck('svelte-mistakes');
    const reported = new Set([...output.matchAll(/ ERROR "([^"]+)" (\d+):\d+ /g)].map((m) => `${m[1]}:${m[2]}`));
    assert.deepEqual([...reported].sort(), [...expected].sort(), output);
  });
});
