import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { manifest } from './src/lib/pwa/manifest.ts';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// The update is offered, never forced: the page drives it with workbox-window.
			registerType: 'prompt',
			injectRegister: false,
			manifest,
			// The precache takes what the pages use from globPatterns below; the manifest's icons are
			// left to the browser, which fetches and keeps them itself when the app is installed (so
			// neither `includeAssets` nor the manifest's icons add entries, nor duplicates).
			includeAssets: [],
			includeManifestIcons: false,
			kit: { spa: true, adapterFallback: 'index.html' },
			workbox: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,json,webmanifest}'],
				// version.json is how a page learns a new version exists: always from the network.
				// The manifest's large icons, and the home-screen icon `app.html` names for iOS, are
				// fetched and kept by the browser itself when the app is installed; no page shows them,
				// so they stay out of the precache (about 33 KB).
				globIgnores: [
					'**/_app/version.json',
					'**/icons/icon-192.png',
					'**/icons/icon-512.png',
					'**/icons/maskable-512.png',
					'**/icons/apple-touch-icon.png'
				],
				cleanupOutdatedCaches: true,
				// The first install takes control at once, so a first visit works offline without a reload.
				// Updates still wait (no skipWaiting) until the person accepts them.
				clientsClaim: true,
				// Never let the service worker answer navigations with a stale shell forever:
				// Workbox's default navigate fallback (the precached index.html) is what keeps
				// deep links working offline, so it is left as is.
				maximumFileSizeToCacheInBytes: 1024 * 1024
			},
			devOptions: { enabled: false }
		})
	],
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					// Every page loads the root layout and everything it imports, and the runtime of
					// Svelte and SvelteKit: as a few larger files rather than some thirty small ones.
					// Over a slow link each file costs a round trip (six at a time over HTTP/1.1), and
					// offline each costs a trip through the service worker; the bytes are the same.
					groups: [
						{ name: 'shell', test: /[\\/]src[\\/]routes[\\/]\+layout\.svelte$/, priority: 20 },
						// The journal's editor and its parts, shared by the new-entry and entry pages.
						{
							name: 'editor',
							test: /[\\/]src[\\/]lib[\\/]components[\\/]EntryEditor\.svelte$/,
							priority: 15
						},
						{
							name: 'framework',
							test: /[\\/]node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|clsx|esm-env)[\\/]/,
							priority: 10
						}
					]
				}
			}
		}
	},
	server: {
		port: 5173,
		strictPort: true,
		proxy: {
			'/api': 'http://127.0.0.1:8787',
			'/healthz': 'http://127.0.0.1:8787',
			'/sync': { target: 'ws://127.0.0.1:8787', ws: true }
		}
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'tests/server/**/*.spec.ts'],
					setupFiles: ['tests/support/unit-setup.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.e2e.ts'],
					globalSetup: ['tests/e2e/global-setup.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
