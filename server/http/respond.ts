// Responses the server writes itself. Errors are `{"error":{"code","message"}}` as DESIGN.md
// promises for the API; static-file errors are short plain text, since a browser or a script
// loader reads them, not our client code. Neither ever carries a stack trace.
import type { ServerResponse } from 'node:http';
import { NO_STORE } from './cache-policy';
import { SERVER_RESPONSE_CSP } from './csp';

export type ErrorCode =
	| 'bad-request'
	| 'not-found'
	| 'method-not-allowed'
	| 'upgrade-required'
	| 'not-implemented'
	| 'unavailable'
	| 'internal';

export interface ErrorBody {
	error: { code: ErrorCode; message: string };
}

type ExtraHeaders = Readonly<Record<string, string>>;

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	extra: ExtraHeaders = {}
): void {
	send(res, status, 'application/json', JSON.stringify(body), extra);
}

export function sendJsonError(
	res: ServerResponse,
	status: number,
	code: ErrorCode,
	message: string,
	extra: ExtraHeaders = {}
): void {
	sendJson(res, status, { error: { code, message } } satisfies ErrorBody, extra);
}

export function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	extra: ExtraHeaders = {}
): void {
	send(res, status, 'text/plain; charset=utf-8', text, extra);
}

function send(
	res: ServerResponse,
	status: number,
	contentType: string,
	body: string,
	extra: ExtraHeaders
): void {
	const bytes = Buffer.from(body, 'utf8');
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': bytes.byteLength,
		'Cache-Control': NO_STORE,
		'Content-Security-Policy': SERVER_RESPONSE_CSP,
		...extra
	});
	// Node drops the body of a HEAD response by itself and keeps Content-Length.
	res.end(bytes);
}
