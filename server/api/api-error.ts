// The API's errors: thrown by handlers as ApiError where the problem is understood, turned into
// `{"error":{"code","message"}}` once, in create-api.ts. `code` is stable, for programs (the app
// maps it to calm words in the person's language); `message` is for whoever reads the raw
// response, and never repeats a token, key or anything the person wrote.
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/respond';

export type ApiErrorCode =
	| 'not-found'
	| 'method-not-allowed'
	| 'unsupported-media-type'
	| 'body-too-large'
	| 'invalid-json'
	| 'invalid-body'
	| 'display-name-required'
	| 'display-name-empty'
	| 'display-name-too-long'
	| 'display-name-characters'
	| 'wrong-origin'
	| 'challenge-unknown'
	| 'challenge-expired'
	| 'bad-signature'
	| 'unauthorized'
	| 'token-expired'
	| 'forbidden'
	| 'name-taken'
	| 'pseudonym-exists'
	| 'key-in-use'
	| 'unknown-community'
	| 'unknown-room'
	| 'unknown-report'
	| 'already-resolved'
	| 'too-many-reports'
	| 'no-pseudonym'
	| 'guidelines-changed'
	| 'unknown-notice'
	| 'already-asked'
	| 'nothing-to-review'
	| 'link-exists'
	| 'unknown-link'
	| 'bad-meter-id'
	| 'unknown-meter'
	| 'too-many-requests';

export interface ApiErrorBody {
	error: { code: ApiErrorCode; message: string; field?: string };
	/** Facts beside the error that a client needs to recover (e.g. the current version). */
	[detail: string]: unknown;
}

export class ApiError extends Error {
	override name = 'ApiError';
	constructor(
		readonly status: number,
		readonly code: ApiErrorCode,
		message: string,
		readonly extra: {
			field?: string;
			headers?: Readonly<Record<string, string>>;
			/** Top-level fields sent beside `error`. */
			details?: Readonly<Record<string, string | number>>;
		} = {}
	) {
		super(message);
	}
}

export function sendApiError(res: ServerResponse, error: ApiError): void {
	const body: ApiErrorBody = {
		...error.extra.details,
		error: {
			code: error.code,
			message: error.message,
			...(error.extra.field === undefined ? {} : { field: error.extra.field })
		}
	};
	sendJson(res, error.status, body, error.extra.headers);
}
