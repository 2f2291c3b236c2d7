import { describe, expect, it } from 'vitest';
import { createModerationApi, ModerationRefusedError, NO_SESSION } from './moderation-api';

const REPORT = {
	communityId: 'anxiety',
	target: { kind: 'thread' as const, id: 'a'.repeat(26) },
	reason: 'spam' as const
};

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(body === null ? null : JSON.stringify(body), { status, headers });
}

describe('createModerationApi', () => {
	it('signs in again once after a 401, then sends with the fresh token', async () => {
		const seen: string[] = [];
		const refused: string[] = [];
		let tokens = 0;
		const api = createModerationApi({
			origin: 'http://h',
			token: async () => `t${++tokens}`,
			tokenRefused: (token) => refused.push(token),
			fetch: async (_url, init) => {
				const auth = new Headers(init?.headers).get('authorization') ?? '';
				seen.push(auth);
				return auth === 'Bearer t1'
					? answer(401, { error: { code: 'unauthenticated' } })
					: answer(201, {});
			}
		});
		await api.report(REPORT);
		expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
		expect(refused).toEqual(['t1']);
	});

	it('gives up after a second 401, naming it', async () => {
		const api = createModerationApi({
			origin: '',
			token: async () => 't',
			fetch: async () => answer(401, { error: { code: 'unauthenticated', message: 'No' } })
		});
		await expect(api.report(REPORT)).rejects.toMatchObject({
			status: 401,
			code: 'unauthenticated'
		});
	});

	it('says how long to wait on 429, from Retry-After', async () => {
		const api = createModerationApi({
			origin: '',
			token: async () => 't',
			fetch: async () =>
				answer(
					429,
					{ error: { code: 'too-many-reports', message: 'Wait' } },
					{ 'retry-after': '3600' }
				)
		});
		const error: unknown = await api.report(REPORT).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ModerationRefusedError);
		expect(error).toMatchObject({ code: 'too-many-reports', retryAfterMs: 3_600_000 });
	});

	it('names a missing session, and leaves an unreachable server as the fetch error', async () => {
		const noSession = createModerationApi({
			origin: '',
			token: async () => Promise.reject(new Error('not set up')),
			fetch: async () => answer(201, {})
		});
		await expect(
			noSession.recordAction('anxiety', { action: 'hide', target: 'x' })
		).rejects.toMatchObject({
			code: NO_SESSION
		});
		const offline = createModerationApi({
			origin: '',
			token: async () => 't',
			fetch: async () => Promise.reject(new TypeError('Failed to fetch'))
		});
		await expect(offline.report(REPORT)).rejects.toBeInstanceOf(TypeError);
	});

	it('posts an audit entry to its community', async () => {
		const urls: string[] = [];
		const api = createModerationApi({
			origin: 'http://h',
			token: async () => 't',
			fetch: async (url) => {
				urls.push(String(url));
				return answer(201, {});
			}
		});
		await api.recordAction('anxiety', { action: 'remove', target: 'x', reason: 'spam' });
		expect(urls).toEqual(['http://h/api/communities/anxiety/audit']);
	});
});
