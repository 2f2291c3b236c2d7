import { describe, expect, it } from 'vitest';
import {
	AccountApiError,
	AccountOfflineError,
	deleteAccountOnServer,
	type AccountFetch
} from './account-api';

const origin = 'https://hearth.example';

function answering(status: number, body: unknown): { fetch: AccountFetch; sent: RequestInit[] } {
	const sent: RequestInit[] = [];
	return {
		sent,
		fetch: async (_input, init) => {
			sent.push(init);
			return new Response(JSON.stringify(body), { status });
		}
	};
}

describe('deleteAccountOnServer', () => {
	it('sends the confirmation with the session and reads what was deleted', async () => {
		const { fetch, sent } = answering(200, { deleted: { records: 4, rooms: 2 } });
		expect(await deleteAccountOnServer('tok', { origin, fetch })).toEqual({
			deleted: { records: 4, rooms: 2 }
		});
		expect(sent[0]?.method).toBe('DELETE');
		expect(sent[0]?.body).toBe('{"confirm":"delete-everything"}');
		expect(new Headers(sent[0]?.headers).get('authorization')).toBe('Bearer tok');
	});

	it('takes a 401 as already deleted (a retry after a lost answer)', async () => {
		const { fetch } = answering(401, { error: { code: 'unauthorized', message: 'gone' } });
		expect(await deleteAccountOnServer('tok', { origin, fetch })).toEqual({ deleted: null });
	});

	it('names the server’s refusal', async () => {
		const { fetch } = answering(500, { error: { code: 'internal', message: 'oops' } });
		await expect(deleteAccountOnServer('tok', { origin, fetch })).rejects.toEqual(
			new AccountApiError(500, 'internal', 'oops')
		);
	});

	it('tells a missing connection apart', async () => {
		const fetch: AccountFetch = () => Promise.reject(new TypeError('Failed to fetch'));
		await expect(deleteAccountOnServer('tok', { origin, fetch })).rejects.toBeInstanceOf(
			AccountOfflineError
		);
	});
});
