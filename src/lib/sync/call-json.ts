/**
 * One request to Hearth's JSON API, as every client here makes it: JSON in and out, no HTTP
 * cache, a bearer token when given, and the API's error shape (`{ error: { code, message } }`)
 * read into plain fields. Each client turns a failure into its own error type.
 */

/** What a client's `fetch` must be: the browser's, or a test's stand-in. */
export type JsonFetch = (input: string, init: RequestInit) => Promise<Response>;

export interface JsonRequest {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	token?: string;
	payload?: unknown;
}

export type JsonAnswer =
	| { ok: true; body: unknown }
	| {
			ok: false;
			status: number;
			/** The API's error code; `unreadable` when the answer was not JSON at all. */
			code: string;
			message: string;
			/** A 429's `Retry-After`, in milliseconds. */
			retryAfterMs: number | null;
	  };

/** Resolves with the answer, 2xx or not (a null body for an empty one); rejects only when the
 *  request did not complete (offline, a dropped connection). */
export async function callJson(
	fetch: JsonFetch,
	url: string,
	request: JsonRequest
): Promise<JsonAnswer> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
	if (request.payload !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(url, {
		method: request.method,
		headers,
		cache: 'no-store',
		body: request.payload === undefined ? undefined : JSON.stringify(request.payload)
	});
	const text = await response.text();
	let body: unknown = null;
	if (text !== '') {
		try {
			body = JSON.parse(text);
		} catch {
			return failure(response, 'unreadable', 'The answer is not JSON.');
		}
	}
	if (response.ok) return { ok: true, body };
	const error = isRecord(body) && isRecord(body.error) ? body.error : {};
	const code = typeof error.code === 'string' ? error.code : 'unknown';
	return failure(response, code, typeof error.message === 'string' ? error.message : code);
}

function failure(response: Response, code: string, message: string): JsonAnswer {
	const seconds = Number(response.headers.get('retry-after'));
	const retryAfterMs =
		response.status === 429 && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
	return { ok: false, status: response.status, code, message, retryAfterMs };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
