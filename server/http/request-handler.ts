// Routes each HTTP request to its area by the first path segment, after the checks every
// request gets: security headers, a vetted path, and one place where errors become a 500.
//   /healthz       health check (JSON)
//   /api/...       the JSON API (an HttpEndpoint)
//   /sync/...      WebSocket only; a plain request gets 426 (upgrades go to upgrade.ts)
//   anything else  the built app (static-files.ts)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { HttpEndpoint } from './endpoints';
import { firstSegmentOf, parseRequestPath } from './request-path';
import { sendJsonError, sendText } from './respond';
import { applySecurityHeaders } from './security-headers';
import type { StaticHandler } from './static-files';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface RequestHandlerParts {
	healthz: Handler;
	api: HttpEndpoint;
	serveStatic: StaticHandler;
	log: Logger;
}

export function createRequestHandler(parts: RequestHandlerParts) {
	async function route(
		req: IncomingMessage,
		res: ServerResponse,
		wantsJson: boolean
	): Promise<void> {
		const path = parseRequestPath(req.url);
		if (!path.ok) {
			return wantsJson
				? sendJsonError(res, 400, 'bad-request', path.reason)
				: sendText(res, 400, `${path.reason}\n`);
		}
		const [area, ...rest] = path.segments;
		if (area === 'healthz' && rest.length === 0) return parts.healthz(req, res);
		if (area === 'api') return parts.api.handle(req, res, rest);
		if (area === 'sync') {
			return sendJsonError(
				res,
				426,
				'upgrade-required',
				'Sync speaks WebSocket only: open ws(s)://<host>/sync/<room>.',
				{
					Upgrade: 'websocket'
				}
			);
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			return sendText(res, 405, 'Only GET and HEAD are allowed here.\n', { Allow: 'GET, HEAD' });
		}
		return parts.serveStatic(req, res, path.segments);
	}

	return function handleRequest(req: IncomingMessage, res: ServerResponse): void {
		const wantsJson = ['api', 'healthz', 'sync'].includes(firstSegmentOf(req.url));
		applySecurityHeaders(res, { appFile: !wantsJson });
		route(req, res, wantsJson).catch((cause: unknown) => {
			// The path may name a person's records; the log gets the area, never the full path.
			parts.log.error(`${req.method ?? '?'} /${firstSegmentOf(req.url)} failed`, cause);
			if (res.headersSent) {
				res.destroy();
			} else if (wantsJson) {
				sendJsonError(res, 500, 'internal', 'Something went wrong on the server.');
			} else {
				sendText(res, 500, 'Something went wrong on the server.\n');
			}
		});
	};
}
