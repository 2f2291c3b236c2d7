import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../domain/identity/base64url';
import { verifyChallenge } from '../domain/identity/challenge';
import { deriveIdentityKeyPair, derivePseudonymKeyPair } from '../domain/identity/derive-keys';
import { verifyPseudonymBinding } from '../domain/identity/pseudonym-binding';
import { newRootSecret } from '../domain/identity/root-secret';
import {
	IdentityApiError,
	SessionClient,
	UnexpectedResponseError,
	type Fetch
} from './session-client';

const ORIGIN = 'https://hearth.example';
const root = newRootSecret();
const identity = deriveIdentityKeyPair(root);

interface Sent {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: Record<string, unknown> | null;
}

/** A fake server: answers each request with the next reply, and records what was sent. */
function fakeFetch(...replies: (Response | Error)[]): { fetch: Fetch; sent: Sent[] } {
	const sent: Sent[] = [];
	const fetch: Fetch = async (url, init) => {
		const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : null;
		sent.push({
			url,
			method: init.method ?? 'GET',
			headers: Object.fromEntries(new Headers(init.headers)),
			body: body !== null && typeof body === 'object' ? { ...body } : null
		});
		const reply = replies.shift();
		if (!reply) throw new Error('The fake server has no more replies');
		if (reply instanceof Error) throw reply;
		return reply;
	};
	return { fetch, sent };
}

const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = (status: number, code: string) =>
	json(status, { error: { code, message: `server says ${code}` } });
const challenge = () => json(200, { challenge: 'c-123', expiresAt: 1000 });
const session = { userId: 'u', displayName: 'Sam', token: 'tok', expiresAt: 2000 };
const me = { userId: 'u', displayName: 'Sam', createdAt: 5, pseudonyms: [] };

describe('signIn', () => {
	it('signs the challenge with the origin, and sends the name only when given', async () => {
		const { fetch, sent } = fakeFetch(
			challenge(),
			json(200, session),
			challenge(),
			json(200, session)
		);
		const client = new SessionClient({ origin: ORIGIN, fetch });
		expect(await client.signIn(identity, 'Sam')).toEqual(session);
		await client.signIn(identity);
		expect(sent.map(({ url, method }) => `${method} ${url}`)).toEqual([
			`POST ${ORIGIN}/api/auth/challenge`,
			`POST ${ORIGIN}/api/auth/session`,
			`POST ${ORIGIN}/api/auth/challenge`,
			`POST ${ORIGIN}/api/auth/session`
		]);
		const first = sent[1]?.body ?? {};
		expect(first).toMatchObject({ challenge: 'c-123', origin: ORIGIN, displayName: 'Sam' });
		expect(
			verifyChallenge(
				{ origin: ORIGIN, challenge: 'c-123', publicKey: identity.publicKey },
				decodeBase64Url(String(first.signature))
			)
		).toBe(true);
		expect(sent[3]?.body).not.toHaveProperty('displayName');
	});

	it('never sends the root secret or the identity secret key', async () => {
		const { fetch, sent } = fakeFetch(challenge(), json(200, session));
		await new SessionClient({ origin: ORIGIN, fetch }).signIn(identity, 'Sam');
		const wire = JSON.stringify(sent);
		for (const secret of [root, identity.secretKey]) {
			expect(wire).not.toContain(Buffer.from(secret).toString('base64url'));
			expect(wire).not.toContain(Buffer.from(secret).toString('hex'));
		}
	});

	it.each([
		[409, 'name-taken'],
		[409, 'key-in-use'],
		[401, 'challenge-expired'],
		[401, 'challenge-unknown'],
		[401, 'bad-signature'],
		[401, 'wrong-origin'],
		[400, 'display-name-required'],
		[400, 'display-name-too-long']
	])('turns %i %s into an IdentityApiError with that code', async (status, code) => {
		const { fetch } = fakeFetch(challenge(), refused(status, code));
		const error: unknown = await new SessionClient({ origin: ORIGIN, fetch })
			.signIn(identity, 'Sam')
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(IdentityApiError);
		expect(error).toMatchObject({ status, code });
	});

	it('passes a network failure through untouched', async () => {
		const offline = new TypeError('Failed to fetch');
		const { fetch } = fakeFetch(offline);
		await expect(new SessionClient({ origin: ORIGIN, fetch }).signIn(identity)).rejects.toBe(
			offline
		);
	});
});

describe('answers it cannot trust', () => {
	it.each([
		['a body that is not JSON', new Response('<html>portal</html>', { status: 200 })],
		['a challenge that is not text', json(200, { challenge: 5, expiresAt: 1 })],
		['a missing expiry', json(200, { challenge: 'c' })],
		['a list instead of an object', json(200, [])],
		['a refusal without a code', json(500, { oops: true })],
		['a proxy error page', new Response('Bad gateway', { status: 502 })]
	])('%s is an UnexpectedResponseError', async (_what, reply) => {
		const { fetch } = fakeFetch(reply);
		await expect(
			new SessionClient({ origin: ORIGIN, fetch }).requestChallenge(identity.publicKey)
		).rejects.toThrow(UnexpectedResponseError);
	});

	it('reads a code it does not know as "other"', async () => {
		const { fetch } = fakeFetch(refused(418, 'teapot'));
		await expect(
			new SessionClient({ origin: ORIGIN, fetch }).requestChallenge(identity.publicKey)
		).rejects.toMatchObject({ code: 'other', status: 418 });
	});

	it('refuses a pseudonym list with a broken item', async () => {
		const { fetch } = fakeFetch(json(200, { ...me, pseudonyms: [{ pseudonymId: 'p' }] }));
		await expect(new SessionClient({ origin: ORIGIN, fetch }).getMe('tok')).rejects.toThrow(
			UnexpectedResponseError
		);
	});
});

describe('me', () => {
	it('reads and renames with the session token', async () => {
		const renamed = { ...me, displayName: 'Sky' };
		const { fetch, sent } = fakeFetch(
			json(200, me),
			json(200, renamed),
			refused(401, 'token-expired')
		);
		const client = new SessionClient({ origin: ORIGIN, fetch });
		expect(await client.getMe('tok')).toEqual(me);
		expect(await client.putMe('tok', 'Sky')).toEqual(renamed);
		await expect(client.getMe('old')).rejects.toMatchObject({ code: 'token-expired' });
		expect(sent.map(({ method, headers }) => [method, headers.authorization])).toEqual([
			['GET', 'Bearer tok'],
			['PUT', 'Bearer tok'],
			['GET', 'Bearer old']
		]);
		expect(sent[1]?.body).toEqual({ displayName: 'Sky' });
	});
});

describe('registerPseudonym', () => {
	const pseudonym = derivePseudonymKeyPair(root, 'anxiety');
	const answer = { pseudonymId: 'p', communityId: 'anxiety', displayName: 'Quiet' };

	it('sends both signatures, and tells made (201) from already there (200)', async () => {
		const { fetch, sent } = fakeFetch(json(201, answer), json(200, answer));
		const client = new SessionClient({ origin: ORIGIN, fetch });
		const keys = { identity, pseudonym };
		expect(await client.registerPseudonym('tok', 'anxiety', keys, 'Quiet')).toEqual({
			...answer,
			created: true
		});
		expect(await client.registerPseudonym('tok', 'anxiety', keys, 'Quiet')).toMatchObject({
			created: false
		});
		const body = sent[0]?.body ?? {};
		expect(sent[0]?.url).toBe(`${ORIGIN}/api/communities/anxiety/pseudonym`);
		expect(
			verifyPseudonymBinding(
				{
					communityId: 'anxiety',
					pseudonymPublicKey: pseudonym.publicKey,
					identityPublicKey: identity.publicKey
				},
				{
					signature: decodeBase64Url(String(body.signature)),
					pseudonymSignature: decodeBase64Url(String(body.pseudonymSignature))
				}
			)
		).toBe(true);
	});

	it.each([
		[409, 'name-taken'],
		[409, 'pseudonym-exists'],
		[404, 'unknown-community'],
		[400, 'bad-signature']
	])('turns %i %s into an IdentityApiError', async (status, code) => {
		const { fetch } = fakeFetch(refused(status, code));
		await expect(
			new SessionClient({ origin: ORIGIN, fetch }).registerPseudonym(
				'tok',
				'anxiety',
				{ identity, pseudonym },
				'Quiet'
			)
		).rejects.toMatchObject({ status, code });
	});
});
