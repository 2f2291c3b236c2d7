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
	| 'too-many-reports';

export interface ApiErrorBody {
	error: { code: ApiErrorCode; message: string; field?: string };
}

export class ApiError extends Error {
	override name = 'ApiError';
	constructor(
		readonly status: number,
		readonly code: ApiErrorCode,
		message: string,
		readonly extra: { field?: string; headers?: Readonly<Record<string, string>> } = {}
	) {
		super(message);
	}
}

export function sendApiError(res: ServerResponse, error: ApiError): void {
	const body: ApiErrorBody = {
		error: {
			code: error.code,
			message: error.message,
			...(error.extra.field === undefined ? {} : { field: error.extra.field })
		}
	};
	sendJson(res, error.status, body, error.extra.headers);
}
