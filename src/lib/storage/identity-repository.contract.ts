/**
 * What every `IdentityRepository` must do. Run by `dexie-identity.repository.spec.ts` and
 * `memory-identity.repository.spec.ts`.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { NoIdentityError, UnreadableIdentityError } from './identity-record';
import type { IdentityRepository, StoredIdentity } from './identity.repository';
import { StorageFullError } from './storage-errors';

export interface IdentityHarness {
	repository: IdentityRepository;
	/** From now on, the device refuses writes to the identity as when it is full. */
	fillStorage(): void;
	dispose(): Promise<void>;
}

/** `rows` are stored `{ key, value }` rows, written as they are, bypassing validation. */
export type CreateIdentityHarness = (rows?: readonly unknown[]) => Promise<IdentityHarness>;

const secret = (fill: number) => new Uint8Array(32).fill(fill);

export function freshIdentity(rootSecret: Uint8Array = secret(7)): StoredIdentity {
	return {
		rootSecret,
		displayName: null,
		recoveryConfirmed: false,
		registered: false,
		pendingDisplayName: null,
		session: null,
		pseudonyms: []
	};
}

const SET_UP: StoredIdentity = {
	rootSecret: secret(1),
	displayName: 'River',
	recoveryConfirmed: true,
	registered: true,
	pendingDisplayName: 'River Stone',
	session: { token: 'session-token', expiresAt: 1_800_000_000_000 },
	pseudonyms: [{ communityId: 'anxiety', displayName: 'Quiet River' }]
};

export function describeIdentityRepositoryContract(
	name: string,
	createHarness: CreateIdentityHarness
): void {
	describe(`${name} (IdentityRepository contract)`, () => {
		const harnesses: IdentityHarness[] = [];

		async function open(rows?: readonly unknown[]): Promise<IdentityHarness> {
			const harness = await createHarness(rows);
			harnesses.push(harness);
			return harness;
		}

		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('has no identity on a new device', async () => {
			const { repository } = await open();
			expect(await repository.load()).toEqual({ identity: null, problems: [] });
		});

		it('keeps an identity, root secret as bytes, exactly as written', async () => {
			const { repository } = await open();
			await repository.replace(SET_UP);
			const { identity, problems } = await repository.load();
			expect(problems).toEqual([]);
			expect(identity).toEqual(SET_UP);
			expect(identity?.rootSecret).toBeInstanceOf(Uint8Array);
		});

		it('keeps its own copy: changing what was written or read changes nothing stored', async () => {
			const { repository } = await open();
			const written = freshIdentity(secret(3));
			await repository.replace(written);
			written.rootSecret.fill(9);
			const first = await repository.load();
			first.identity?.rootSecret.fill(8);
			expect((await repository.load()).identity?.rootSecret).toEqual(secret(3));
		});

		it('replace leaves nothing of the identity before it', async () => {
			const { repository } = await open();
			await repository.replace(SET_UP);
			await repository.replace(freshIdentity(secret(2)));
			expect((await repository.load()).identity).toEqual(freshIdentity(secret(2)));
		});

		it('update changes only the fields given, never the root secret', async () => {
			const { repository } = await open();
			await repository.replace(freshIdentity());
			await repository.update({ displayName: 'Sam', recoveryConfirmed: true });
			await repository.update({ session: { token: 't', expiresAt: 5 } });
			await repository.update({ pendingDisplayName: null, displayName: undefined });
			expect((await repository.load()).identity).toEqual({
				...freshIdentity(),
				displayName: 'Sam',
				recoveryConfirmed: true,
				session: { token: 't', expiresAt: 5 }
			});
		});

		it('can set a name or a session back to null', async () => {
			const { repository } = await open();
			await repository.replace(SET_UP);
			await repository.update({ session: null, pendingDisplayName: null });
			const { identity } = await repository.load();
			expect(identity?.session).toBeNull();
			expect(identity?.pendingDisplayName).toBeNull();
		});

		it('refuses to update an identity that does not exist, storing nothing', async () => {
			const { repository } = await open();
			const error: unknown = await repository
				.update({ displayName: 'Sam' })
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NoIdentityError);
			expect(await repository.load()).toEqual({ identity: null, problems: [] });
		});

		it('refuses a root secret of the wrong size, keeping what was stored', async () => {
			const { repository } = await open();
			await repository.replace(SET_UP);
			await expect(repository.replace(freshIdentity(new Uint8Array(16)))).rejects.toThrow(
				RangeError
			);
			expect((await repository.load()).identity).toEqual(SET_UP);
		});

		describe('a damaged root secret', () => {
			it.each([
				['too short', new Uint8Array(31)],
				['text', 'AAAA'],
				['missing', undefined],
				['an array of numbers', Array.from({ length: 32 }, () => 1)]
			])('(%s) is an UnreadableIdentityError, and nothing is changed', async (_what, value) => {
				const row = value === undefined ? { key: 'rootSecret' } : { key: 'rootSecret', value };
				const { repository } = await open([row, { key: 'displayName', value: 'Sam' }]);
				const error: unknown = await repository.load().catch((e: unknown) => e);
				expect(error).toBeInstanceOf(UnreadableIdentityError);
				expect(error).toMatchObject({ code: 'identity-unreadable' });
				// Still there to be looked at: the error is raised again, not healed over.
				await expect(repository.load()).rejects.toThrow(UnreadableIdentityError);
			});
		});

		it('reads damaged fields as their defaults, reports them, and keeps the rest', async () => {
			const { repository } = await open([
				{ key: 'rootSecret', value: secret(4) },
				{ key: 'displayName', value: 'Sam' },
				{ key: 'recoveryConfirmed', value: 'yes' },
				{ key: 'session', value: { token: '', expiresAt: 3 } },
				{ key: 'pseudonyms', value: [{ communityId: 'grief' }] },
				{ key: 'registered' },
				{ key: 'favouriteColour', value: 'teal' }
			]);
			const { identity, problems } = await repository.load();
			expect(identity).toEqual({ ...freshIdentity(secret(4)), displayName: 'Sam' });
			expect(problems).toEqual([
				{ key: 'favouriteColour', reason: 'unknown-key' },
				{ key: 'pseudonyms', reason: 'invalid-value' },
				{ key: 'recoveryConfirmed', reason: 'invalid-value' },
				{ key: 'registered', reason: 'not-an-identity-row' },
				{ key: 'session', reason: 'invalid-value' }
			]);
		});

		it('refuses a write on a full device with StorageFullError, keeping what was stored', async () => {
			const harness = await open();
			await harness.repository.replace(SET_UP);
			harness.fillStorage();
			await expect(harness.repository.update({ displayName: 'Other' })).rejects.toThrow(
				StorageFullError
			);
			await expect(harness.repository.replace(freshIdentity())).rejects.toThrow(StorageFullError);
			expect((await harness.repository.load()).identity).toEqual(SET_UP);
		});
	});
}
