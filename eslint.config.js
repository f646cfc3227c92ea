// ESLint flat config: `npm run lint` (eslint .).
// - TypeScript (src, test, bench): typescript-eslint recommendedTypeChecked against tsconfig.test.json
//   (it covers src + test + bench), plus Lit, Lit a11y and web-component rules.
// - Plain JavaScript (server, scripts, configs, demo): @eslint/js recommended with Node or browser globals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

const tsFiles = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

// The layering (docs/architecture.md): components → controllers → services (acs/ and simulated/
// twins) → core. Only src/services/acs/ imports @azure/*; only the services' own loaders pick a
// backend; core/ depends on nothing of the package. Static imports, `import()` and `typeof
// import()` types are all held to it.
const BACKEND_PATTERNS = ['**/services/acs/**', '**/services/simulated/**', '@azure/*'];
const SERVICES_PATTERNS = ['**/services/**', '**/components/**', '**/controllers/**'];
const importRule = (patterns, message) => [
  'error',
  { patterns: [{ group: patterns, message }] },
];
/** Matches a module path that names one of `folders` (a regex over the import string). */
const dynamicImportRules = (regex, message) => [
  'error',
  { selector: `ImportExpression[source.value=/${regex}/]`, message },
  { selector: `TSImportType[argument.literal.value=/${regex}/]`, message },
  { selector: `TSImportType[argument.value=/${regex}/]`, message },
];
const BACKEND_MESSAGE =
  'Components, controllers and core talk to a service seam (src/services/*.ts), never to a backend or an SDK: load one through src/services/load-*.ts.';
const CORE_MESSAGE = 'core/ is pure: it imports nothing from services/, controllers/ or components/.';
const unusedVars = [
  'error',
  { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
];

export default tseslint.config(
  {
    ignores: ['dist/**', '.build-*/**', 'node_modules/**', 'coverage/**', '.cache/**', 'bench/results/**', 'custom-elements.json', '**/*.d.ts'],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: { 'no-unused-vars': unusedVars },
  },
  {
    // Sanitizers strip control characters on purpose.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['demo/**/*.{js,mjs}', 'embed/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The WordPress block's editor script: a classic script on the browser's (and WordPress's) globals.
    files: ['wordpress/acs-teams-elements/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // Benchmarks and the WordPress suite drive a browser: functions passed to page.evaluate() run there.
    files: ['bench/**/*.{js,mjs}', 'wordpress/test/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['test/browser/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.mocha } },
  },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: tsFiles })),
  {
    files: tsFiles,
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      // `void promise` marks a deliberate fire-and-forget.
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      // Async handlers in Lit templates and addEventListener are normal; errors are handled inside.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Lit calls template listeners (`@click=${this.onClick}`) with the host as `this`: idiomatic,
      // and what this rule would flag everywhere.
      '@typescript-eslint/unbound-method': 'off',
      // Style only (an `as` that changes nothing); tsc strict already guards the types.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      // Abort reasons are `unknown` by type; rejecting with them is the platform's own convention.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/components/**/*.ts', 'src/controllers/**/*.ts', 'src/events.ts', 'src/index.ts', 'src/define.ts', 'src/i18n/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': importRule(BACKEND_PATTERNS, BACKEND_MESSAGE),
      'no-restricted-syntax': dynamicImportRules('services\\/(acs|simulated)\\/|^@azure\\/', BACKEND_MESSAGE),
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': importRule([...SERVICES_PATTERNS, '@azure/*'], CORE_MESSAGE),
      'no-restricted-syntax': dynamicImportRules('\\/(services|components|controllers)\\/|^@azure\\/', CORE_MESSAGE),
    },
  },
  {
    // Outside src/services/acs/, no source file imports an SDK.
    files: ['src/services/**/*.ts'],
    ignores: ['src/services/acs/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': importRule(['@azure/*'], 'Only src/services/acs/ imports @azure/*.'),
      'no-restricted-syntax': dynamicImportRules('^@azure\\/', 'Only src/services/acs/ imports @azure/*.'),
    },
  },
  { ...lit.configs['flat/recommended'], files: tsFiles },
  { ...litA11y.configs.recommended, files: tsFiles },
  { ...wc.configs['flat/best-practice'], files: tsFiles },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      // chai property assertions (`expect(x).to.be.true`) are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
      // @open-wc/semantic-dom-diff types chai's `equal` as returning a Promise (for `.dom.equal`),
      // so every `expect(x).to.equal(y)` would look floating. Only those calls are exempt:
      // `expect(el).to.be.accessible()` stays flagged when not awaited.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
            { from: 'package', package: 'chai', name: ['Equal'] },
          ],
        },
      ],
      // Test fakes implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // Tests read JSON from the emulator and SDK internals; `any` there is a test convenience.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes mimic SDKs that throw and reject with plain objects ({ code, subCode }).
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      'no-console': 'off',
    },
  },
);
