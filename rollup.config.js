/**
 * Rollup config for the CDN bundle: dist/cdn/acs-teams-elements.js, one `<script type="module">`:
 * a small loader (src/autoload.ts) that imports and defines each element when its tag is in the
 * document. Input is the tsc output (dist/autoload.js, written by step 1 of scripts/build.mjs), so
 * no TypeScript handling is needed here.
 *
 * Chunks (dist/cdn/chunks/[name]-[hash].js):
 * - teams-meeting, meeting-chat, teams-call: each element's module (named after its file, as any
 *   dynamically imported module), with shared chunks for what two of them use (lit, controllers…)
 * - communication-calling: @azure/communication-calling (6.6 MB, already minified: never re-minified)
 * - communication-chat:    @azure/communication-chat: what reading and sending need (ChatThreadClient)
 * - communication-signaling: the chat SDK's ChatClient (realtime) + @azure/communication-signaling
 *                          (CommonJS) + events; loaded by src/services/acs/chat-realtime.ts after
 *                          the first messages show
 * - communication-calling-effects: @azure/communication-calling-effects (12 MB: models and WASM
 *                          inlined as data: URLs; already minified: never re-minified); loaded only
 *                          when the user opens the effects picker with the real SDK
 * - azure-core:            @azure/communication-common, @azure/core-*, @azure/logger, tslib (shared by both SDKs)
 * - any other module reached only through `import()` gets its own chunk named after the imported
 *   file, e.g. `import('./components/teams-meeting/meeting-ui.js')` → chunks/meeting-ui-[hash].js
 *   (scripts/size.mjs applies a second budget to chunks named meeting-ui* / teams-meeting-ui*).
 */
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { transform } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const CALLING = /[\\/]node_modules[\\/]@azure[\\/]communication-calling[\\/]/;
const EFFECTS = /[\\/]node_modules[\\/]@azure[\\/]communication-calling-effects[\\/]/;
const SIGNALING =
  /[\\/]node_modules[\\/](@azure[\\/]communication-signaling[\\/]|@azure[\\/]communication-chat[\\/]dist[\\/][^\\/]+[\\/](chatClient\.js|signaling[\\/]))/;
/** Node's `events` polyfill: the chat's realtime and the effects package both use it, so it is a chunk of its own. */
const EVENTS = /[\\/]node_modules[\\/]events[\\/]/;
const CHAT = /[\\/]node_modules[\\/]@azure[\\/]communication-chat[\\/]/;
const AZURE_CORE = /[\\/]node_modules[\\/](@azure[\\/][^\\/]+|tslib|@typespec[\\/][^\\/]+)[\\/]/;

/** @param {string} id */
function manualChunks(id) {
  if (CALLING.test(id)) return 'communication-calling';
  if (EFFECTS.test(id)) return 'communication-calling-effects';
  if (EVENTS.test(id)) return 'events-polyfill';
  if (SIGNALING.test(id)) return 'communication-signaling';
  if (CHAT.test(id)) return 'communication-chat';
  if (AZURE_CORE.test(id)) return 'azure-core';
  return undefined;
}

/**
 * Minifies every chunk with esbuild except the calling SDK chunk, which ships minified already
 * (terser on it costs about a minute and 3.5 GB; esbuild would save almost nothing).
 * @returns {import('rollup').Plugin}
 */
function esbuildMinify() {
  return {
    name: 'esbuild-minify',
    async renderChunk(code, chunk) {
      if (chunk.moduleIds.some((id) => CALLING.test(id) || EFFECTS.test(id))) return null;
      const result = await transform(code, {
        minify: true,
        format: 'esm',
        target: 'es2022',
        legalComments: 'eof',
        sourcemap: false,
      });
      return { code: result.code, map: null };
    },
  };
}

/**
 * The calling SDK is one pre-built, minified 7 MB module: tree-shaking it saves nothing and costs
 * ~7 s of rollup's time, so it is included whole.
 * @returns {import('rollup').Plugin}
 */
function includeCallingWhole() {
  return {
    name: 'include-calling-whole',
    transform(_code, id) {
      return CALLING.test(id) || EFFECTS.test(id) ? { code: null, moduleSideEffects: 'no-treeshake' } : null;
    },
  };
}

/**
 * @azure/communication-signaling and events (both declare no side effects) come in through the
 * commonjs plugin, whose modules rollup must otherwise assume to have side effects: then every
 * importer of the chat SDK's index would load them, although only ChatClient uses them. Marked
 * side-effect free, they load with chat-realtime.ts, where ChatClient is used.
 * @returns {import('rollup').Plugin}
 */
function signalingSideEffectFree() {
  return {
    name: 'signaling-side-effect-free',
    transform(_code, id) {
      return SIGNALING.test(id) ? { code: null, moduleSideEffects: false } : null;
    },
  };
}

/**
 * Fills the chat's preload list (src/components/meeting-chat/preload.ts): every chunk that the
 * chat service and chat view chunks load statically, themselves included, minus what the chunk
 * holding the list has already loaded; as paths relative to that chunk. The entry keeps its name
 * (no hash), so changing its code here changes no file name.
 * @returns {import('rollup').Plugin}
 */
/**
 * In a bundle's chunks: `closure(starts)` is the starts and every chunk they import statically.
 * @param {import('rollup').OutputChunk[]} chunks
 * @returns {(starts: string[]) => Set<string>}
 */
function staticClosureIn(chunks) {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  return (starts) => {
    const seen = new Set(starts);
    for (const file of seen) for (const dep of byName.get(file)?.imports ?? []) seen.add(dep);
    return seen;
  };
}

function chatPreload() {
  const PLACEHOLDER = '__ACS_CHAT_CHUNKS__';
  const STARTS = [/[\\/]services[\\/]acs[\\/]chat-service\.js$/, /[\\/]components[\\/]meeting-chat[\\/]chat-view\.js$/];
  return {
    name: 'chat-preload',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const closure = staticClosureIn(chunks);
      const starts = chunks.filter((c) => c.facadeModuleId && STARTS.some((re) => re.test(c.facadeModuleId ?? ''))).map((c) => c.fileName);
      const holders = chunks.filter((c) => c.code.includes(PLACEHOLDER));
      if (starts.length !== STARTS.length || holders.length !== 1) {
        this.error(`chat-preload: expected ${STARTS.length} chat chunks and one holder of the list, found ${starts.length} and ${holders.length}`);
      }
      const holder = holders[0];
      const loaded = closure([holder.fileName]);
      const files = [...closure(starts)]
        .filter((file) => !loaded.has(file))
        .map((file) => {
          const relative = path.posix.relative(path.posix.dirname(holder.fileName), file);
          return relative.startsWith('.') ? relative : `./${relative}`;
        });
      holder.code = holder.code.replaceAll(PLACEHOLDER, files.join(","));
    },
  };
}

/**
 * Fills the loader's preload lists (src/autoload.ts, ELEMENT_CHUNKS): for each element module, and
 * for the meeting's setup screen (`meeting-setup`), the chunks holding it and their static imports,
 * minus what the entry has loaded, as paths relative to the entry: `key:file,file;key:file`. Written into the entry, whose name has no hash, so the
 * list changing never leaves a cached hashed chunk pointing at old file names.
 * @returns {import('rollup').Plugin}
 */
function elementPreload() {
  const PLACEHOLDER = '__ACS_ELEMENT_CHUNKS__';
  const ELEMENTS = {
    'acs-teams-meeting': /[\\/]components[\\/]teams-meeting[\\/]teams-meeting\.js$/,
    'acs-meeting-chat': /[\\/]components[\\/]meeting-chat[\\/]meeting-chat\.js$/,
    'acs-teams-call': /[\\/]components[\\/]teams-call[\\/]teams-call\.js$/,
    // What the meeting imports at its first render when it shows the setup screen.
    'meeting-setup': /[\\/](components[\\/]teams-meeting[\\/](setup-view|devices|icons)|core[\\/]meeting-link)\.js$/,
  };
  return {
    name: 'element-preload',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const closure = staticClosureIn(chunks);
      const holders = chunks.filter((c) => c.code.includes(PLACEHOLDER));
      if (holders.length !== 1 || !holders[0].isEntry) this.error(`element-preload: expected the entry to hold the list, found ${holders.length} holder(s)`);
      const holder = holders[0];
      const loaded = closure([holder.fileName]);
      const lists = Object.entries(ELEMENTS).map(([tag, re]) => {
        // By the modules it holds: an element's chunk has no facade (its exports are trimmed to what the loader uses).
        const own = chunks.filter((c) => c.moduleIds.some((id) => re.test(id)));
        if (tag.startsWith('acs-') ? own.length !== 1 : own.length === 0) this.error(`element-preload: found ${own.length} chunk(s) for ${tag}`);
        const files = [...closure(own.map((c) => c.fileName))]
          .filter((file) => !loaded.has(file))
          .map((file) => {
            const relative = path.posix.relative(path.posix.dirname(holder.fileName), file);
            return relative.startsWith('.') ? relative : `./${relative}`;
          });
        return `${tag}:${files.join(',')}`;
      });
      holder.code = holder.code.replaceAll(PLACEHOLDER, lists.join(';'));
    },
  };
}

/**
 * Writes dist/cdn-stats.json: for every chunk, its modules and their rendered (pre-minification)
 * lengths. scripts/size.mjs uses it to say what makes a chunk over budget.
 * @returns {import('rollup').Plugin}
 */
function chunkStats() {
  return {
    name: 'chunk-stats',
    writeBundle(options, bundle) {
      /** @type {Record<string, Record<string, number>>} */
      const stats = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        stats[chunk.fileName] = Object.fromEntries(
          // Named as in the finished tree: dist/… even while the build writes to .build-<pid>/.
          Object.entries(chunk.modules).map(([id, m]) => [path.relative(process.cwd(), id).split(path.sep).join('/').replace(/^\.build-\d+\//, 'dist/'), m.renderedLength]),
        );
      }
      writeFileSync(path.join(options.dir ?? 'dist/cdn', '..', 'cdn-stats.json'), JSON.stringify(stats, null, 1));
    },
  };
}

/** Where the build writes (scripts/build.mjs builds into a fresh folder, then swaps it in as dist/). */
const out = process.env.ACS_BUILD_OUT || 'dist';

/** @type {import('rollup').RollupOptions} */
export default {
  input: { 'acs-teams-elements': path.join(out, 'autoload.js') },
  // The entry keeps its exports (registerLocale, ready) for script-tag pages; chunks stay free to split.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    replace({
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': JSON.stringify('production') },
    }),
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'production', 'import', 'default'] }),
    includeCallingWhole(),
    commonjs({ include: /node_modules/, exclude: CALLING, requireReturnsDefault: 'auto' }),
    signalingSideEffectFree(),
    esbuildMinify(),
    chatPreload(),
    elementPreload(),
    chunkStats(),
  ],
  onwarn(warning, warn) {
    // The SDKs use `this` at module top level and eval in places; these are known and harmless.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'EVAL') return;
    if (warning.code === 'CIRCULAR_DEPENDENCY' && /node_modules/.test(warning.ids?.join() ?? '')) return;
    warn(warning);
  },
  output: {
    dir: path.join(out, 'cdn'),
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    manualChunks,
    sourcemap: false,
  },
};
