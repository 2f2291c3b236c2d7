/**
 * A stand-in for the moderation API, for the state specs: answers by method and path from a table
 * the test fills, records every request, and can drop off the network (fetch rejects with a
 * TypeError, as a browser's does) or refuse a session once (401).
 */
import type { ModerationFetch } from '../../sync/moderation-client';
import type { ModerationSession } from '../moderation-call';

export interface FakeAnswer {
	status: number;
	body?: unknown;
}

export interface RecordedRequest {
	method: string;
	path: string;
	token: string | null;
	body: unknown;
}

export class FakeModerationServer {
	readonly requests: RecordedRequest[] = [];
	offline = false;
	/** Tokens the server no longer accepts (401). */
	readonly expired = new Set<string>();
	readonly #answers = new Map<string, FakeAnswer | ((body: unknown) => FakeAnswer)>();

	answer(method: string, path: string, answer: FakeAnswer | ((body: unknown) => FakeAnswer)) {
		this.#answers.set(`${method} ${path}`, answer);
	}

	readonly fetch: ModerationFetch = async (input, init) => {
		if (this.offline) throw new TypeError('Failed to fetch');
		const url = new URL(input);
		const method = init.method ?? 'GET';
		const auth = new Headers(init.headers).get('authorization');
		const token = auth?.replace(/^Bearer /, '') ?? null;
		const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
		this.requests.push({ method, path: url.pathname, token, body });
		if (token !== null && this.expired.has(token)) {
			return json(401, { error: { code: 'unauthorized', message: 'Sign in again.' } });
		}
		const found = this.#answers.get(`${method} ${url.pathname}`);
		if (found === undefined) return json(404, { error: { code: 'not-found', message: 'No.' } });
		const { status, body: answer } = typeof found === 'function' ? found(body) : found;
		return answer === undefined ? new Response(null, { status }) : json(status, answer);
	};
}

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json' }
	});
}

export function refusal(status: number, code: string): FakeAnswer {
	return { status, body: { error: { code, message: code } } };
}

/** A session that hands out `token-1`, then `token-2` after a refusal, and so on. */
export function fakeSession(
	userId: string | null = 'user-1',
	setupComplete = true
): ModerationSession & { refused: string[] } {
	let n = 1;
	const refused: string[] = [];
	return {
		userId,
		setupComplete,
		refused,
		async loadKeys() {},
		async sessionToken() {
			return `token-${n}`;
		},
		sessionRefused(token: string) {
			refused.push(token);
			n += 1;
		}
	};
}
