import { describe, expect, it } from 'vitest';
import { accessOf, createSyncGrantFetcher } from './sync-grant';
import { SignedOutError } from './sync-problem';
import { SyncTokenError } from './sync-token';

function answering(status: number, body: unknown): typeof fetch {
	return async () => new Response(JSON.stringify(body), { status });
}

describe('accessOf', () => {
	it.each([
		[{ token: 't', write: true }, { write: true }],
		[{ token: 't' }, { write: true }],
		[
			{ write: false, readOnly: 'guidelines' },
			{ write: false, reason: 'guidelines', until: null }
		],
		[
			{ write: false, readOnly: 'muted', mutedUntil: 1_800_000_000_000 },
			{ write: false, reason: 'muted', until: 1_800_000_000_000 }
		],
		[
			{ write: false, readOnly: 'muted' },
			{ write: false, reason: 'muted', until: null }
		],
		[
			{ write: false, readOnly: 'no-pseudonym' },
			{ write: false, reason: 'no-pseudonym', until: null }
		],
		[
			{ write: false, readOnly: 'something-new' },
			{ write: false, reason: 'no-pseudonym', until: null }
		]
	])('reads %j as %j', (body, access) => {
		expect(accessOf(body)).toEqual(access);
	});
});

describe('createSyncGrantFetcher', () => {
	it('asks for the room with the session and gives back the token with its access', async () => {
		let sent: RequestInit | undefined;
		const fetcher = createSyncGrantFetcher({
			origin: 'https://hearth.test',
			session: () => 'session',
			fetch: async (_, init) => {
				sent = init;
				return new Response(JSON.stringify({ token: 'tok', write: false, readOnly: 'guidelines' }));
			}
		});
		expect(await fetcher('community:anxiety:2026-11')).toEqual({
			token: 'tok',
			access: { write: false, reason: 'guidelines', until: null }
		});
		expect(sent?.body).toBe(JSON.stringify({ room: 'community:anxiety:2026-11' }));
		expect(new Headers(sent?.headers).get('authorization')).toBe('Bearer session');
	});

	it('says the session ended on a 401, and names other refusals', async () => {
		const signedOut = createSyncGrantFetcher({
			origin: '',
			session: () => 's',
			fetch: answering(401, {})
		});
		await expect(signedOut('r')).rejects.toBeInstanceOf(SignedOutError);
		const none = createSyncGrantFetcher({ origin: '', session: () => null });
		await expect(none('r')).rejects.toBeInstanceOf(SignedOutError);
		const refused = createSyncGrantFetcher({
			origin: '',
			session: () => 's',
			fetch: answering(404, { error: { code: 'unknown-room', message: '' } })
		});
		await expect(refused('r')).rejects.toEqual(new SyncTokenError(404, 'unknown-room'));
	});
});
