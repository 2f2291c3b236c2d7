// HTTP upgrade requests (WebSockets). Only /sync/<room> will take them, through an
// UpgradeEndpoint; everything else is refused with a plain HTTP response on the raw socket.
// The y-websocket client retries a refused upgrade forever, which is what we want while sync is
// missing or down: it connects once it appears.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { NO_STORE } from './cache-policy';
import { SERVER_RESPONSE_CSP } from './csp';
import type { UpgradeEndpoint } from './endpoints';
import { parseRequestPath } from './request-path';
import type { ErrorBody, ErrorCode } from './respond';
import { SECURITY_HEADERS } from './security-headers';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export function createUpgradeHandler(sync: UpgradeEndpoint | undefined): UpgradeHandler {
	return function handleUpgrade(req, socket, head) {
		// A reset from the client must not become an uncaught 'error' event.
		socket.on('error', () => socket.destroy());
		const path = parseRequestPath(req.url);
		if (!path.ok) return rejectUpgrade(socket, 400, 'bad-request', path.reason);
		const [area, ...rest] = path.segments;
		if (area !== 'sync')
			return rejectUpgrade(socket, 404, 'not-found', 'No WebSocket endpoint here.');
		if (!sync) {
			return rejectUpgrade(
				socket,
				501,
				'not-implemented',
				'Sync is not available on this server yet.'
			);
		}
		sync.handleUpgrade(req, socket, head, rest);
	};
}

export function rejectUpgrade(
	socket: Duplex,
	status: number,
	code: ErrorCode,
	message: string
): void {
	const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
	const headers: Record<string, string | number> = {
		...SECURITY_HEADERS,
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(body),
		'Cache-Control': NO_STORE,
		'Content-Security-Policy': SERVER_RESPONSE_CSP,
		Connection: 'close'
	};
	const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head.join('')}\r\n${body}`,
		() => socket.destroy()
	);
}
