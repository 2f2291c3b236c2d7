/**
 * The identity half of Hearth's JSON API (docs/PROTOCOL.md, "Identity and keys"), typed: asking
 * for a challenge, opening a session with its signature, reading and renaming oneself, and tying
 * a community pseudonym to the identity.
 *
 * Nothing the server answers is trusted as it comes: every body is checked before it is used, and
 * anything unexpected is an `UnexpectedResponseError`. Refusals the API names become
 * `IdentityApiError` with the documented `code`. A fetch that never reached the server (offline,
 * a dropped link) rejects with the fetch's own error, untouched, so callers can tell "no network"
 * from "the server said no". The root secret never passes through here: only public keys and
 * signatures do.
 */
import { encodeBase64Url } from '../domain/identity/base64url';
import { signChallenge } from '../domain/identity/challenge';
import type { KeyPair } from '../domain/identity/derive-keys';
import { signPseudonymBinding } from '../domain/identity/pseudonym-binding';
import { IdentityApiError, isKnownCode } from './identity-api-error';

export { IdentityApiError, type IdentityApiErrorCode } from './identity-api-error';

/** The server answered something this client cannot read (a proxy's page, a newer format). */
export class UnexpectedResponseError extends Error {
	override name = 'UnexpectedResponseError';
	constructor(
		readonly status: number,
		detail: string
	) {
		super(`Unexpected answer (${status}) from the identity API: ${detail}`);
	}
}

export interface Challenge {
	challenge: string;
	expiresAt: number;
}

export interface Session {
	userId: string;
	displayName: string;
	token: string;
	expiresAt: number;
}

export interface Pseudonym {
	pseudonymId: string;
	communityId: string;
	displayName: string;
}

export interface Me {
	userId: string;
	displayName: string;
	createdAt: number;
	pseudonyms: Pseudonym[];
}

export interface RegisteredPseudonym extends Pseudonym {
	/** True for 201 (made now), false for 200 (it already was; a new name renames it). */
	created: boolean;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface SessionClientOptions {
	/** The app's origin, e.g. https://hearth.example: where requests go, and what is signed. */
	origin: string;
	fetch?: Fetch;
}

export class SessionClient {
	readonly #origin: string;
	readonly #fetch: Fetch;

	constructor(options: SessionClientOptions) {
		this.#origin = options.origin;
		this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
	}

	async requestChallenge(publicKey: Uint8Array): Promise<Challenge> {
		const { status, body } = await this.#call('POST', '/api/auth/challenge', {
			publicKey: encodeBase64Url(publicKey)
		});
		const read = reader(status, body);
		return { challenge: read.text('challenge'), expiresAt: read.time('expiresAt') };
	}

	/**
	 * Signs in with the identity key: a fresh challenge, signed with this origin. A key the server
	 * has not seen is registered under `displayName` (required then, ignored afterwards).
	 */
	async signIn(identity: KeyPair, displayName?: string): Promise<Session> {
		const { challenge } = await this.requestChallenge(identity.publicKey);
		const origin = this.#origin;
		const signature = signChallenge(
			{ origin, challenge, publicKey: identity.publicKey },
			identity.secretKey
		);
		const { status, body } = await this.#call('POST', '/api/auth/session', {
			publicKey: encodeBase64Url(identity.publicKey),
			challenge,
			signature: encodeBase64Url(signature),
			origin,
			...(displayName === undefined ? {} : { displayName })
		});
		const read = reader(status, body);
		return {
			userId: read.text('userId'),
			displayName: read.text('displayName'),
			token: read.text('token'),
			expiresAt: read.time('expiresAt')
		};
	}

	async getMe(token: string): Promise<Me> {
		const { status, body } = await this.#call('GET', '/api/me', undefined, token);
		return readMe(status, body);
	}

	async putMe(token: string, displayName: string): Promise<Me> {
		const { status, body } = await this.#call('PUT', '/api/me', { displayName }, token);
		return readMe(status, body);
	}

	async registerPseudonym(
		token: string,
		communityId: string,
		keys: { identity: KeyPair; pseudonym: KeyPair },
		displayName: string
	): Promise<RegisteredPseudonym> {
		const signatures = signPseudonymBinding(communityId, keys);
		const { status, body } = await this.#call(
			'POST',
			`/api/communities/${encodeURIComponent(communityId)}/pseudonym`,
			{
				publicKey: encodeBase64Url(keys.pseudonym.publicKey),
				signature: encodeBase64Url(signatures.signature),
				pseudonymSignature: encodeBase64Url(signatures.pseudonymSignature),
				displayName
			},
			token
		);
		return { ...readPseudonym(reader(status, body)), created: status === 201 };
	}

	/** One request; resolves with a 2xx answer's JSON, throws the API's refusal otherwise. */
	async #call(
		method: 'GET' | 'POST' | 'PUT',
		path: string,
		payload?: unknown,
		token?: string
	): Promise<{ status: number; body: unknown }> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (payload !== undefined) headers['content-type'] = 'application/json';
		if (token !== undefined) headers.authorization = `Bearer ${token}`;
		const response = await this.#fetch(this.#origin + path, {
			method,
			headers,
			cache: 'no-store',
			body: payload === undefined ? undefined : JSON.stringify(payload)
		});
		let body: unknown;
		try {
			body = await response.json();
		} catch {
			throw new UnexpectedResponseError(response.status, 'the body is not JSON');
		}
		if (response.ok) return { status: response.status, body };
		throw refusal(response.status, body);
	}
}

function refusal(status: number, body: unknown): Error {
	const error = isRecord(body) && isRecord(body.error) ? body.error : null;
	if (!error || typeof error.code !== 'string') {
		return new UnexpectedResponseError(status, 'a refusal without an error code');
	}
	const code = isKnownCode(error.code) ? error.code : 'other';
	const message = typeof error.message === 'string' ? error.message : error.code;
	return new IdentityApiError(status, code, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface FieldReader {
	text(field: string): string;
	time(field: string): number;
	list(field: string): FieldReader[];
}

/** Reads fields out of an answer, or says which one was not what the protocol promises. */
function reader(status: number, body: unknown): FieldReader {
	const fail = (detail: string) => new UnexpectedResponseError(status, detail);
	if (!isRecord(body)) throw fail('the body is not an object');
	return {
		text(field: string): string {
			const value = body[field];
			if (typeof value !== 'string' || value === '') throw fail(`"${field}" is not text`);
			return value;
		},
		time(field: string): number {
			const value = body[field];
			if (typeof value !== 'number' || !Number.isFinite(value)) {
				throw fail(`"${field}" is not a time`);
			}
			return value;
		},
		list(field: string): FieldReader[] {
			const value = body[field];
			if (!Array.isArray(value)) throw fail(`"${field}" is not a list`);
			return value.map((item) => reader(status, item));
		}
	};
}

function readPseudonym(read: FieldReader): Pseudonym {
	return {
		pseudonymId: read.text('pseudonymId'),
		communityId: read.text('communityId'),
		displayName: read.text('displayName')
	};
}

function readMe(status: number, body: unknown): Me {
	const read = reader(status, body);
	return {
		userId: read.text('userId'),
		displayName: read.text('displayName'),
		createdAt: read.time('createdAt'),
		pseudonyms: read.list('pseudonyms').map(readPseudonym)
	};
}
