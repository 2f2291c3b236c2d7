import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

// sha256 of the style attribute on SvelteKit's #svelte-announcer (see
// node_modules/@sveltejs/kit/src/core/sync/write_root.js). If SvelteKit changes it,
// the browser tests see a CSP violation in the console and fail.
const ANNOUNCER_STYLE_HASH = 'S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// The release and a short build stamp, shown in Settings. Set once per process: this file is
// loaded more than once during a build, and every load must agree on the version.
process.env.HEARTH_BUILD_ID ||= `${pkg.version}-${Date.now().toString(36)}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A client-only app: every route is rendered in the browser from one fallback page, which
		// the service worker precaches, so any deep link opens offline.
		// HEARTH_BUILD_DIR lets the browser tests build a second version beside the first.
		adapter: adapter({
			pages: process.env.HEARTH_BUILD_DIR || 'build',
			assets: process.env.HEARTH_BUILD_DIR || 'build',
			fallback: 'index.html',
			precompress: true,
			strict: true
		}),
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// No inline styles, except the one style attribute SvelteKit's route announcer (the live
				// region that tells screen readers a page changed) sets, allowed by its exact hash.
				'style-src': ['self', 'unsafe-hashes', `sha256-${ANNOUNCER_STYLE_HASH}`],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self']
			}
		},
		version: { name: process.env.HEARTH_BUILD_ID },
		typescript: {
			// Type-check the server, the browser tests and the benchmarks with the app.
			config: (config) => ({
				...config,
				include: [...config.include, '../server/**/*.ts', '../bench/**/*.ts', '../vite.config.ts']
			})
		}
	}
};

export default config;
