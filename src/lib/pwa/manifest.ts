import type { ManifestOptions } from 'vite-plugin-pwa';

/**
 * The web app manifest. Colours match the app's palette (src/app.css) so the splash screen and
 * the browser bar do not flash another colour on a slow start.
 */
export const manifest = {
	id: '/',
	name: 'Hearth — peer support',
	short_name: 'Hearth',
	description:
		'Peer support that works with no connection: a private journal, mood check-ins, and help when you need it.',
	lang: 'en',
	start_url: '/',
	scope: '/',
	display: 'standalone',
	orientation: 'any',
	theme_color: '#7c2d12',
	background_color: '#fffaf5',
	categories: ['health', 'lifestyle', 'social'],
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	]
} satisfies Partial<ManifestOptions>;
