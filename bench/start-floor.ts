/**
 * The floor beside an offline start: the least any installed web app can take on this browser and
 * machine. A page holding only the journal's labelled text box (no script but the service worker's
 * registration), served offline by a service worker from its cache, and started exactly as the
 * app is (same throttling, same clock, same browser restart). What the app takes beyond it is the
 * app's own: its scripts, its framework, its storage.
 */
import { createServer, type Server } from 'node:http';

/** The journal's text box label, as the app's editor has it and the start clock looks for. */
export const TEXT_BOX_LABEL = 'What is on your mind?';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Floor</title>
</head>
<body>
<label for="entry-text">${TEXT_BOX_LABEL}</label>
<textarea id="entry-text" rows="9"></textarea>
<script>navigator.serviceWorker.register('/sw.js');</script>
</body>
</html>`;

/** Keeps the page at install; answers every navigation with it, from the cache alone. */
const WORKER = `
self.addEventListener('install', (event) => {
	event.waitUntil(caches.open('floor').then((cache) => cache.add('/journal/new')).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
	if (event.request.mode === 'navigate') event.respondWith(caches.match('/journal/new'));
});
`;

export interface FloorSite {
	origin: string;
	close(): Promise<void>;
}

/** Serves the floor page (at any path) and its service worker on loopback. */
export async function startFloorSite(): Promise<FloorSite> {
	const server: Server = createServer((request, response) => {
		const worker = request.url === '/sw.js';
		response.setHeader('content-type', worker ? 'text/javascript' : 'text/html; charset=utf-8');
		response.setHeader('cache-control', 'no-cache');
		response.end(worker ? WORKER : PAGE);
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	const address = server.address();
	if (address === null || typeof address === 'string')
		throw new Error('The floor site has no port');
	return {
		origin: `http://localhost:${address.port}`,
		close: () => new Promise<void>((closed) => server.close(() => closed()))
	};
}
