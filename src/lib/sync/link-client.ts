/**
 * The device-linking half of Hearth's JSON API (docs/PROTOCOL.md, "Linking a device"), typed:
 * leaving a sealed box for the person's other phone, taking it there, and cancelling. Only the
 * sealed box and its drop id pass through here, never the link code or anything it opens.
 *
 * A refusal the API names becomes `LinkApiError` with its `code`; a fetch that never reached the
 * server rejects with the fetch's own error, untouched, so callers can tell "no connection" from
 * "no". Answers are checked before use.
 */
import { isSealedBox, type SealedBox } from '../domain/journal-crypto/aes-gcm';
import { callJson, isRecord, type JsonFetch } from './call-json';

/** The server refused, and said why. `message` is the server's, for logs; never shown as is. */
export class LinkApiError extends Error {
	override name = 'LinkApiError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export type LinkFetch = JsonFetch;

export class LinkClient {
	readonly #origin: string;
	readonly #fetch: LinkFetch;

	constructor(options: { origin: string; fetch?: LinkFetch }) {
		this.#origin = options.origin;
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
	}

	/** Leaves the box (replacing the person's earlier one); resolves with how long it waits. */
	async leave(token: string, dropId: string, box: SealedBox): Promise<number> {
		const body = await this.#call('POST', '/api/links', token, { dropId, box });
		const expiresInMs = isRecord(body) ? body.expiresInMs : undefined;
		if (typeof expiresInMs !== 'number' || !(expiresInMs > 0)) {
			throw new LinkApiError(200, 'unreadable', 'The answer has no expiry time.');
		}
		return expiresInMs;
	}

	/** Takes the box left under `dropId`; the server hands it out once. */
	async take(dropId: string): Promise<SealedBox> {
		const body = await this.#call('GET', `/api/links/${encodeURIComponent(dropId)}`);
		const box = isRecord(body) ? body.box : undefined;
		if (!isSealedBox(box)) throw new LinkApiError(200, 'unreadable', 'The answer has no box.');
		return { iv: box.iv, ct: box.ct };
	}

	async cancel(token: string): Promise<void> {
		await this.#call('DELETE', '/api/links', token);
	}

	async #call(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		token?: string,
		payload?: unknown
	): Promise<unknown> {
		const answer = await callJson(this.#fetch, this.#origin + path, { method, token, payload });
		if (answer.ok) return answer.body;
		throw new LinkApiError(answer.status, answer.code, answer.message);
	}
}
