// The seams where the API and the sync server plug into the HTTP transport. The transport
// parses and vets the path, sets security headers and turns thrown errors into a 500; an
// endpoint only answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { sendJsonError } from './respond';

/** Answers every request under /api/. `segments` excludes the leading "api". */
export interface HttpEndpoint {
	handle(
		req: IncomingMessage,
		res: ServerResponse,
		segments: readonly string[]
	): Promise<void> | void;
}

/**
 * Takes WebSocket upgrades under /sync/ (`segments` excludes the leading "sync"), e.g. with
 * `new WebSocketServer({ noServer: true }).handleUpgrade(req, socket, head, ...)` from `ws`.
 * Upgraded sockets leave the HTTP server's bookkeeping, so `close` must end them itself.
 */
export interface UpgradeEndpoint {
	handleUpgrade(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		segments: readonly string[]
	): void;
	close(): Promise<void>;
}

/** The API until it exists: every path is unknown. */
export const apiNotFound: HttpEndpoint = {
	handle(_req, res) {
		sendJsonError(res, 404, 'not-found', 'No such endpoint.');
	}
};
