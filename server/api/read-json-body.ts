// Reads a JSON request body, at most `limitBytes` of it, and checks it against a valibot schema.
// Every failure is an ApiError: 415 unless the body is declared JSON, 413 once it is too large
// (declared or actual; reading stops there), 400 invalid-json for bytes that are not UTF-8 JSON,
// 400 invalid-body with the path of the first field that does not fit.
import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { ApiError } from './api-error';

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

export async function readJsonBody<Schema extends v.GenericSchema>(
	req: IncomingMessage,
	schema: Schema,
	limitBytes = DEFAULT_BODY_LIMIT_BYTES
): Promise<v.InferOutput<Schema>> {
	const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
	if (type !== 'application/json') {
		throw new ApiError(415, 'unsupported-media-type', 'Send the body as application/json.');
	}
	const text = decodeUtf8(await readLimited(req, limitBytes));
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'invalid-json', 'The body is not valid JSON.');
	}
	const result = v.safeParse(schema, json);
	if (!result.success) {
		const [issue] = result.issues;
		const field = v.getDotPath(issue) ?? undefined;
		const where = field ? `${field}: ` : '';
		throw new ApiError(400, 'invalid-body', `${where}${issue.message}`, field ? { field } : {});
	}
	return result.output;
}

function tooLarge(limitBytes: number): ApiError {
	// The rest of the body is never read, so the connection cannot be reused.
	return new ApiError(413, 'body-too-large', `The body may be at most ${limitBytes} bytes.`, {
		headers: { Connection: 'close' }
	});
}

function readLimited(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limitBytes) {
		return Promise.reject(tooLarge(limitBytes));
	}
	return new Promise((done, fail) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > limitBytes) {
				stop();
				fail(tooLarge(limitBytes));
			} else {
				chunks.push(chunk);
			}
		};
		const onEnd = () => {
			stop();
			done(Buffer.concat(chunks));
		};
		const onError = (cause: unknown) => {
			stop();
			fail(cause);
		};
		const stop = () => {
			req.off('data', onData).off('end', onEnd).off('error', onError);
		};
		req.on('data', onData).on('end', onEnd).on('error', onError);
	});
}

function decodeUtf8(bytes: Buffer): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ApiError(400, 'invalid-json', 'The body is not valid UTF-8.');
	}
}
