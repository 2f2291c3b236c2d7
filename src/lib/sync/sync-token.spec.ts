import { describe, expect, it } from 'vitest';
import { SignedOutError } from './sync-problem';
import { SyncTokenError, createSyncTokenFetcher } from './sync-token';

function answering(status: number, body: unknown) {
	const requests: { url: string; init: RequestInit | undefined }[] = [];
	const fetch = async (url: string | URL | Request, init?: RequestInit) => {
		requests.push({ url: String(url), init });
		return new Response(JSON.stringify(body), { status });
	};
	return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe('createSyncTokenFetcher', () => {
	it('asks for a token for the room with the session as bearer', async () => {
		const { fetch, requests } = answering(200, { token: 'sync-1', expiresAt: 1 });
		const getToken = createSyncTokenFetcher({ origin: 'http://h', session: () => 's', fetch });
		await expect(getToken('journal:u1')).resolves.toBe('sync-1');
		expect(requests[0]?.url).toBe('http://h/api/sync-token');
		expect(requests[0]?.init?.body).toBe('{"room":"journal:u1"}');
		expect(new Headers(requests[0]?.init?.headers).get('authorization')).toBe('Bearer s');
	});

	it('reports a lost session as SignedOutError', async () => {
		const { fetch } = answering(401, { error: { code: 'unauthorized', message: '' } });
		const getToken = createSyncTokenFetcher({ origin: '', session: () => 's', fetch });
		await expect(getToken('r')).rejects.toBeInstanceOf(SignedOutError);
		const signedOut = createSyncTokenFetcher({ origin: '', session: () => null, fetch });
		await expect(signedOut('r')).rejects.toBeInstanceOf(SignedOutError);
	});

	it('names other refusals with their code', async () => {
		const { fetch } = answering(403, { error: { code: 'forbidden', message: '' } });
		const getToken = createSyncTokenFetcher({ origin: '', session: () => 's', fetch });
		await expect(getToken('r')).rejects.toEqual(new SyncTokenError(403, 'forbidden'));
	});
});
