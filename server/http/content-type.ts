// Content types for what a SvelteKit + Workbox build contains. A small table of our own, not a
// MIME database: a wrong type for a script or the manifest breaks the app, so the few that
// matter are spelled out (`text/javascript` per RFC 9239, the manifest's own type).
import { extname } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.map': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.wasm': 'application/wasm'
};

export function contentTypeFor(fileName: string): string {
	return TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export function isHtml(contentType: string): boolean {
	return contentType.startsWith('text/html');
}
