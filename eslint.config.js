import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The schema library is the server's: the client checks what it reads by hand
 * (`domain/plain-reader.ts` and the record parsers), as the library would ship to every phone.
 */
const serverOnly = ['valibot', 'valibot/*'];

/** The import boundaries of DESIGN.md and STYLE.md, enforced rather than remembered. */
const boundaries = {
	domain: [
		'dexie',
		'dexie/*',
		'yjs',
		'y-*',
		'svelte',
		'svelte/*',
		'$app/*',
		'$lib/*',
		...serverOnly
	],
	storage: [
		...serverOnly,
		'$lib/components/*',
		'$lib/state/*',
		'$lib/sync/*',
		'**/components/**',
		'**/state/**',
		'**/sync/**'
	],
	state: ['$lib/components/*', '**/components/**', ...serverOnly],
	sync: serverOnly,
	ui: [
		...serverOnly,
		'dexie',
		'dexie/*',
		'yjs',
		'y-*',
		'$lib/storage/*',
		'$lib/sync/*',
		'**/storage/**',
		'**/sync/**'
	],
	server: [
		'$lib/*',
		'$app/*',
		'svelte',
		'svelte/*',
		'dexie',
		'**/src/lib/storage/**',
		'**/src/lib/state/**',
		'**/src/lib/components/**',
		'**/src/lib/sync/**'
	]
};

const restrict = (patterns) => ({
	'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group] })) }]
});

/**
 * The one exception to the server's boundary: cutting a Yjs update into bounded pieces (and the
 * struct-level codec it stands on) is needed by both ends: the server splits a first sync, the
 * client splits a large offline upload. Both modules are pure yjs and lib0, so they live in
 * src/lib/sync once and the server imports them from there, rather than two copies drifting.
 */
const serverMayImport = ['!**/src/lib/sync/split-update', '!**/src/lib/sync/update-codec'];

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'dev-dist/', 'static/', '.tmp/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	},
	{ files: ['src/lib/domain/**'], rules: restrict(boundaries.domain) },
	{ files: ['src/lib/storage/**'], rules: restrict(boundaries.storage) },
	{ files: ['src/lib/state/**'], rules: restrict(boundaries.state) },
	{
		files: ['src/lib/sync/**', 'src/lib/i18n/**', 'src/lib/pwa/**'],
		rules: restrict(boundaries.sync)
	},
	{ files: ['src/lib/components/**', 'src/routes/**'], rules: restrict(boundaries.ui) },
	{
		files: ['server/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						...boundaries.server
							.filter((group) => group !== '**/src/lib/sync/**')
							.map((group) => ({ group: [group] })),
						{ group: ['**/src/lib/sync/**', ...serverMayImport] }
					]
				}
			]
		}
	},
	{
		// Svelte's own navigation rule wants resolve() for every href; our links are static paths
		// within one base, so the rule adds noise without catching anything.
		rules: { 'svelte/no-navigation-without-resolve': 'off' }
	}
);
