/**
 * The custom-elements manifest (`npm run analyze`, from src/components/** only) describes every
 * public name of the three elements: each attribute, property, event (with its detail type), CSS
 * part and slot that the source uses is in it, with a description. The names are read from the
 * source here (decorators, dispatches, `part=` and `<slot name=`), not listed by hand.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const repo = path.resolve(import.meta.dirname, '../..');
const src = path.join(repo, 'src');

interface Described {
  name: string;
  description?: string;
  type?: { text: string };
  kind?: string;
  privacy?: string;
  static?: boolean;
}
interface Declaration extends Described {
  tagName?: string;
  customElement?: boolean;
  attributes?: Described[];
  members?: Described[];
  events?: Described[];
  cssParts?: Described[];
  slots?: Described[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

const ELEMENTS = [
  { tag: 'acs-teams-meeting', className: 'AcsTeamsMeeting', folder: 'components/teams-meeting', file: 'teams-meeting.ts' },
  { tag: 'acs-meeting-chat', className: 'AcsMeetingChat', folder: 'components/meeting-chat', file: 'meeting-chat.ts' },
  { tag: 'acs-teams-call', className: 'AcsTeamsCall', folder: 'components/teams-call', file: 'teams-call.ts' },
];

function filesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => path.join(dir, name));
}

/** The controllers a folder's files import (their events are the element's too). */
function controllersOf(files: string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+controllers\/[\w-]+)\.js'/g)) {
      found.add(path.resolve(path.dirname(file), `${match[1]}.ts`));
    }
  }
  return [...found];
}

/** Every event name src/events.ts declares (in its AcsEventMap: `'acs-x': Detail;`). */
const eventNames = new Set(
  [...readFileSync(path.join(src, 'events.ts'), 'utf8').matchAll(/^\s+'(acs-[a-z-]+)': [A-Z]/gm)].map((m) => m[1]!),
);

/** What the source says about one element. */
function fromSource(folder: string, file: string) {
  const files = filesIn(path.join(src, folder)).filter((f) => !/strings\.ts$|styles\.ts$/.test(f));
  const element = readFileSync(path.join(src, folder, file), 'utf8');
  const properties = [...element.matchAll(/@property\(([^)]*)\)\s+(\w+)/g)].map((m) => ({
    name: m[2]!,
    attribute: /attribute: false/.test(m[1]!) ? undefined : (/attribute: '([^']+)'/.exec(m[1]!)?.[1] ?? m[2]!.toLowerCase()),
  }));
  const texts = [...files, ...controllersOf(files)].map((f) => readFileSync(f, 'utf8'));
  const events = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/'(acs-[a-z-]+)'/g)) if (eventNames.has(match[1]!)) events.add(match[1]!);
  }
  const parts = new Set<string>();
  const slots = new Set<string>();
  for (const text of files.map((f) => readFileSync(f, 'utf8'))) {
    for (const match of text.matchAll(/part="([\w-]+)"/g)) parts.add(match[1]!);
    for (const match of text.matchAll(/part=\$\{([^}]*)\}/g)) for (const literal of match[1]!.matchAll(/'([\w-]+)'/g)) parts.add(literal[1]!);
    for (const match of text.matchAll(/<slot name="([\w-]+)"/g)) slots.add(match[1]!);
  }
  const methods = [...element.matchAll(/^ {2}(?:async )?([a-z]\w*)\([^)]*\): [^{]+\{/gm)]
    .map((m) => m[1]!)
    .filter((name) => !['render', 'connectedCallback', 'disconnectedCallback', 'willUpdate', 'updated', 'firstUpdated', 'constructor'].includes(name));
  return { properties, events, parts, slots, methods };
}

describe('custom-elements manifest', () => {
  let manifest: Manifest;
  let outdir: string;
  before(() => {
    // The analyzer writes the manifest's path into the package.json of its working directory: it
    // runs in a scratch folder that sees src/ through a link and has no package.json.
    outdir = mkdtempSync(path.join(tmpdir(), 'acs-cem-'));
    symlinkSync(src, path.join(outdir, 'src'), 'dir');
    const script = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).scripts.analyze as string;
    assert.match(script, /--globs "src\/components\/\*\*\/\*\.ts"/, 'the manifest reads src/components/** only');
    const args = [...script.matchAll(/"([^"]+)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(2);
    execFileSync(path.join(repo, 'node_modules/.bin/cem'), ['analyze', ...args, '--outdir', 'out'], { cwd: outdir, stdio: 'ignore' });
    manifest = JSON.parse(readFileSync(path.join(outdir, 'out', 'custom-elements.json'), 'utf8')) as Manifest;
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  it('leaves package.json alone (its customElements field names the shipped manifest)', () => {
    assert.equal(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).customElements, 'custom-elements.json');
  });

  it('reads no module outside src/components/', () => {
    const outside = manifest.modules.map((module) => module.path).filter((p) => !p.startsWith('src/components/'));
    assert.deepEqual(outside, []);
  });

  for (const { tag, className, folder, file } of ELEMENTS) {
    describe(`<${tag}>`, () => {
      const declaration = (): Declaration => {
        const found = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.name === className);
        assert.ok(found?.customElement, `${className} is a custom element in the manifest`);
        return found;
      };
      const source = fromSource(folder, file);
      const describedIn = (list: Described[] | undefined, name: string, what: string) => {
        const entry = list?.find((item) => item.name === name);
        assert.ok(entry, `${what} ${name} is in the manifest`);
        assert.ok(entry.description?.trim(), `${what} ${name} has a description`);
        return entry;
      };

      it('has its tag name and a description', () => {
        assert.equal(declaration().tagName, tag);
        assert.ok(declaration().description?.trim() || (declaration() as { summary?: string }).summary?.trim());
      });

      it('every property and attribute, described', () => {
        assert.ok(source.properties.length > 5, 'properties were read from the source');
        for (const property of source.properties) {
          describedIn(declaration().members, property.name, 'property');
          if (property.attribute) describedIn(declaration().attributes, property.attribute, 'attribute');
        }
      });

      it('every public method, described', () => {
        assert.ok(source.methods.length > 0, 'methods were read from the source');
        for (const method of source.methods) describedIn(declaration().members, method, 'method');
      });

      it('every event it dispatches, described, with its CustomEvent detail type', () => {
        assert.ok(source.events.size >= 4, 'events were read from the source');
        for (const name of source.events) {
          const event = describedIn(declaration().events, name, 'event');
          assert.match(event.type?.text ?? '', /^CustomEvent<.+>$/, `${name} carries its detail type`);
        }
      });

      it('every CSS part and slot, described', () => {
        assert.ok(source.parts.size > 0, 'parts were read from the source');
        for (const part of source.parts) describedIn(declaration().cssParts, part, 'part');
        for (const slot of source.slots) describedIn(declaration().slots, slot, 'slot');
      });
    });
  }
});
