/**
 * Plugins of `cem analyze` (see package.json "analyze", which keeps the globs). After the analyzer
 * has built custom-elements.json, the maintained cem-tools generators turn it into:
 *
 *   dist/frameworks/jsx-elements.d.ts     `CustomElements`: every element's attributes, properties and
 *                                         `on<event>` handlers (custom-element-jsx-integration)
 *   dist/frameworks/solid-elements.d.ts   Solid element props (custom-element-solidjs-integration)
 *   dist/editors/html-custom-data.json    VS Code tags, attributes (custom-element-vs-code-integration)
 *   dist/editors/css-custom-data.json     VS Code custom properties and ::part() names
 *   dist/editors/web-types.json           JetBrains web-types (custom-element-jet-brains-integration)
 *
 * and copies the small hand-written entry files of types/ beside them: the module augmentations
 * (React 19 `JSX.IntrinsicElements`, Vue `GlobalComponents`, Svelte `SvelteHTMLElements`, Solid
 * `JSX`). Vue and Svelte map jsx-elements.d.ts to their own naming with a mapped type: the
 * cem-tools Vue and Svelte generators' output leaves events untyped under vue-tsc 3 and uses
 * Svelte 4's `svelteHTML` namespace and `on:` only, so they are not used. Nothing here is
 * hand-written per element: a renamed attribute or event in a component's JSDoc changes every output.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { customElementJsxPlugin } from 'custom-element-jsx-integration';
import { customElementSolidJsPlugin } from 'custom-element-solidjs-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';

const root = path.dirname(fileURLToPath(import.meta.url));
/** Where the build writes (scripts/build.mjs builds into a fresh folder, then swaps it in as dist/). */
const out = process.env.ACS_BUILD_OUT || path.join(root, 'dist');
const frameworks = path.join(out, 'frameworks');
const editors = path.join(out, 'editors');
/** The generated .d.ts files import the element classes and event detail types from the package entry. */
const typePath = '../index.js';
const quiet = { hideLogs: true };

/**
 * The view of the manifest the type generators get. custom-elements.json keeps the schema's meaning
 * (an event's `type` is the event object's type, `CustomEvent<AcsLeftDetail>`); the cem-tools
 * generators write `CustomEvent<${type}>` themselves, so they get the detail type. Read-only members
 * (`state`, `messages`) are left out: a framework setting them as props would throw.
 * @param {any} manifest
 */
function generatorView(manifest) {
  const view = structuredClone(manifest);
  for (const mod of view.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.customElement) continue;
      declaration.members = declaration.members?.filter((/** @type {any} */ member) => !member.readonly);
      /** @type {Map<string, any>} */
      const events = new Map();
      for (const event of declaration.events ?? []) {
        if (!event.name) continue;
        const text = String(event.type?.text ?? '').trim();
        const detail = qualify(/^CustomEvent<([\s\S]+)>$/.exec(text)?.[1]?.trim() ?? 'unknown');
        const previous = events.get(event.name);
        // The analyzer may list an event twice (JSDoc tag and a `new CustomEvent` in code): keep the typed one.
        if (previous && previous.type.text !== 'unknown' && detail === 'unknown') continue;
        events.set(event.name, { ...previous, ...event, type: { text: detail } });
      }
      declaration.events = [...events.values()];
    }
  }
  return view;
}

/**
 * `AcsLeftDetail` → `import("../index.js").AcsLeftDetail`. The generators would otherwise import
 * each detail type once per element that fires it, and a name imported twice is a TS error.
 * @param {string} type
 */
function qualify(type) {
  return /^[A-Z][A-Za-z0-9_]*$/.test(type) && !GLOBAL_TYPES.has(type) ? `import("${typePath}").${type}` : type;
}
const GLOBAL_TYPES = new Set(['Event', 'CustomEvent', 'Error', 'Date', 'Object']);

/**
 * Runs a generator plugin on generatorView(manifest) instead of the manifest itself.
 * @param {{ name: string, packageLinkPhase: (context: any) => void }} plugin
 */
function onGeneratorView(plugin) {
  return {
    name: `${plugin.name} (detail types)`,
    packageLinkPhase(/** @type {any} */ context) {
      plugin.packageLinkPhase({ ...context, customElementsManifest: generatorView(context.customElementsManifest) });
    },
  };
}

/** Copies types/*.d.ts (hand-written module augmentations over the generated files) into dist/frameworks. */
function copyEntryTypes() {
  return {
    name: 'copy-framework-entry-types',
    packageLinkPhase() {
      mkdirSync(frameworks, { recursive: true });
      for (const file of readdirSync(path.join(root, 'types'))) {
        if (/\.(d\.ts|js)$/.test(file)) copyFileSync(path.join(root, 'types', file), path.join(frameworks, file));
      }
    },
  };
}

export default {
  litelement: true,
  plugins: [
    onGeneratorView(customElementJsxPlugin({ ...quiet, outdir: frameworks, fileName: 'jsx-elements.d.ts', globalTypePath: typePath })),
    onGeneratorView(customElementSolidJsPlugin({ ...quiet, outdir: frameworks, fileName: 'solid-elements.d.ts', globalTypePath: typePath })),
    customElementVsCodePlugin({
      ...quiet,
      outdir: editors,
      htmlFileName: 'html-custom-data.json',
      cssFileName: 'css-custom-data.json',
    }),
    customElementJetBrainsPlugin({ ...quiet, outdir: editors, webTypesFileName: 'web-types.json', packageJson: false }),
    copyEntryTypes(),
  ],
};
