/**
 * What every IdentityStore must do. Run by memory-identity-store.spec.ts and
 * sqlite-identity-store.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
	IdentityStoreError,
	type Identity,
	type IdentityStore,
	type IdentityStoreProblem,
	type Pseudonym
} from './identity-store';

export interface IdentityStoreHarness {
	store: IdentityStore;
	dispose(): Promise<void>;
}

export type CreateIdentityStoreHarness = () => Promise<IdentityStoreHarness>;

let nextKey = 1;

/** A distinct 32-byte "public key"; the store treats keys as opaque bytes. */
function key(): Uint8Array {
	const bytes = new Uint8Array(32);
	new DataView(bytes.buffer).setUint32(0, nextKey++);
	return bytes;
}

function identity(userId: string, displayName: string, createdAt = 1_000): Identity {
	return { userId, publicKey: key(), displayName, createdAt };
}

function pseudonym(
	pseudonymId: string,
	userId: string,
	communityId: string,
	displayName: string,
	createdAt = 2_000
): Pseudonym {
	return { pseudonymId, userId, communityId, publicKey: key(), displayName, createdAt };
}

async function problemOf(work: Promise<unknown>): Promise<IdentityStoreProblem | 'done'> {
	try {
		await work;
		return 'done';
	} catch (e: unknown) {
		if (e instanceof IdentityStoreError) return e.code;
		throw e;
	}
}

export function describeIdentityStoreContract(
	name: string,
	createHarness: CreateIdentityStoreHarness
): void {
	describe(`${name} (IdentityStore contract)`, () => {
		const harnesses: IdentityStoreHarness[] = [];

		async function open(): Promise<IdentityStore> {
			const harness = await createHarness();
			harnesses.push(harness);
			return harness.store;
		}

		afterEach(async () => {
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		describe('identities', () => {
			it('keeps an identity exactly as given', async () => {
				const store = await open();
				const sam = identity('u-sam', 'Sam');
				await store.createIdentity(sam);
				expect(await store.getIdentity('u-sam')).toEqual(sam);
				expect((await store.getIdentity('u-sam'))?.publicKey).toBeInstanceOf(Uint8Array);
			});

			it('knows nothing of an id never registered', async () => {
				const store = await open();
				expect(await store.getIdentity('u-nobody')).toBeUndefined();
			});

			it('hands out copies: changing one changes nothing stored', async () => {
				const store = await open();
				const sam = identity('u-sam', 'Sam');
				await store.createIdentity(sam);
				const expected = structuredClone(sam);
				sam.publicKey[0] = 99;
				const read = await store.getIdentity('u-sam');
				if (read) read.publicKey[1] = 99;
				expect(await store.getIdentity('u-sam')).toEqual(expected);
			});

			it.each([
				['the same name', 'Sam'],
				['another case', 'SAM'],
				['full-width letters', 'Ｓａｍ'],
				['an invisible joiner', 'Sa\u200dm']
			])('refuses a name taken by another identity, written with %s', async (_what, name) => {
				const store = await open();
				await store.createIdentity(identity('u-sam', 'Sam'));
				expect(await problemOf(store.createIdentity(identity('u-two', name)))).toBe('name-taken');
				expect(await store.getIdentity('u-two')).toBeUndefined();
			});

			it('refuses an id or a public key registered already', async () => {
				const store = await open();
				const sam = identity('u-sam', 'Sam');
				await store.createIdentity(sam);
				expect(await problemOf(store.createIdentity(identity('u-sam', 'Other')))).toBe(
					'already-registered'
				);
				expect(
					await problemOf(
						store.createIdentity({ ...identity('u-new', 'New'), publicKey: sam.publicKey })
					)
				).toBe('already-registered');
				expect(await store.getIdentity('u-new')).toBeUndefined();
				expect(await store.getIdentity('u-sam')).toEqual(sam);
			});

			it('renames, to another case of its own name too', async () => {
				const store = await open();
				await store.createIdentity(identity('u-sam', 'Sam'));
				expect((await store.renameIdentity('u-sam', 'SAM')).displayName).toBe('SAM');
				expect((await store.renameIdentity('u-sam', 'Samira')).displayName).toBe('Samira');
				expect((await store.getIdentity('u-sam'))?.displayName).toBe('Samira');
			});

			it('frees the old name on rename, and refuses a taken one', async () => {
				const store = await open();
				await store.createIdentity(identity('u-sam', 'Sam'));
				await store.createIdentity(identity('u-kim', 'Kim'));
				expect(await problemOf(store.renameIdentity('u-kim', 'sam'))).toBe('name-taken');
				expect((await store.getIdentity('u-kim'))?.displayName).toBe('Kim');
				await store.renameIdentity('u-sam', 'Samira');
				expect((await store.renameIdentity('u-kim', 'sam')).displayName).toBe('sam');
			});

			it('refuses to rename an unknown identity', async () => {
				const store = await open();
				expect(await problemOf(store.renameIdentity('u-nobody', 'Sam'))).toBe('unknown-identity');
			});

			it('deletes an identity with its pseudonyms, freeing every name', async () => {
				const store = await open();
				await store.createIdentity(identity('u-sam', 'Sam'));
				await store.createPseudonym(pseudonym('p-sam', 'u-sam', 'anxiety', 'Quiet Fox'));
				await store.createIdentity(identity('u-kim', 'Kim'));
				await store.createPseudonym(pseudonym('p-kim', 'u-kim', 'anxiety', 'Kim A'));
				await store.deleteIdentity('u-sam');
				expect(await store.getIdentity('u-sam')).toBeUndefined();
				expect(await store.getPseudonym('p-sam')).toBeUndefined();
				expect(await store.pseudonymsOf('u-sam')).toEqual([]);
				expect(await store.getPseudonym('p-kim')).toBeDefined();
				await store.createIdentity(identity('u-new', 'Sam'));
				await store.createPseudonym(pseudonym('p-new', 'u-new', 'anxiety', 'Quiet Fox'));
			});
		});

		describe('pseudonyms', () => {
			async function withPeople(): Promise<IdentityStore> {
				const store = await open();
				await store.createIdentity(identity('u-sam', 'Sam'));
				await store.createIdentity(identity('u-kim', 'Kim'));
				return store;
			}

			it('keeps a pseudonym, found by id and by person and community', async () => {
				const store = await withPeople();
				const fox = pseudonym('p-fox', 'u-sam', 'anxiety', 'Quiet Fox');
				await store.createPseudonym(fox);
				expect(await store.getPseudonym('p-fox')).toEqual(fox);
				expect(await store.pseudonymIn('u-sam', 'anxiety')).toEqual(fox);
				expect(await store.pseudonymIn('u-sam', 'grief')).toBeUndefined();
				expect(await store.pseudonymIn('u-kim', 'anxiety')).toBeUndefined();
				expect(await store.getPseudonym('p-nobody')).toBeUndefined();
			});

			it("lists a person's pseudonyms oldest first, and only theirs", async () => {
				const store = await withPeople();
				const late = pseudonym('p-1', 'u-sam', 'anxiety', 'A', 3_000);
				const early = pseudonym('p-2', 'u-sam', 'grief', 'B', 1_000);
				await store.createPseudonym(late);
				await store.createPseudonym(early);
				await store.createPseudonym(pseudonym('p-3', 'u-kim', 'grief', 'C'));
				expect(await store.pseudonymsOf('u-sam')).toEqual([early, late]);
			});

			it('refuses a name taken in the same community, in any case', async () => {
				const store = await withPeople();
				await store.createPseudonym(pseudonym('p-fox', 'u-sam', 'anxiety', 'Quiet Fox'));
				const copy = pseudonym('p-kim', 'u-kim', 'anxiety', 'quiet FOX');
				expect(await problemOf(store.createPseudonym(copy))).toBe('name-taken');
				expect(await store.getPseudonym('p-kim')).toBeUndefined();
			});

			it('allows the same name in another community, and an identity’s name', async () => {
				const store = await withPeople();
				await store.createPseudonym(pseudonym('p-fox', 'u-sam', 'anxiety', 'Quiet Fox'));
				await store.createPseudonym(pseudonym('p-kim', 'u-kim', 'grief', 'Quiet Fox'));
				await store.createPseudonym(pseudonym('p-sam', 'u-sam', 'grief', 'Kim'));
				expect(await store.pseudonymsOf('u-kim')).toHaveLength(1);
				expect(await store.pseudonymsOf('u-sam')).toHaveLength(2);
			});

			it('refuses a second pseudonym for one person in one community', async () => {
				const store = await withPeople();
				await store.createPseudonym(pseudonym('p-fox', 'u-sam', 'anxiety', 'Quiet Fox'));
				const second = pseudonym('p-owl', 'u-sam', 'anxiety', 'Owl');
				expect(await problemOf(store.createPseudonym(second))).toBe('pseudonym-exists');
			});

			it('refuses a pseudonym for an unknown person', async () => {
				const store = await withPeople();
				const orphan = pseudonym('p-fox', 'u-nobody', 'anxiety', 'Quiet Fox');
				expect(await problemOf(store.createPseudonym(orphan))).toBe('unknown-identity');
			});

			it('refuses an id or key used by any pseudonym or identity', async () => {
				const store = await withPeople();
				const fox = pseudonym('p-fox', 'u-sam', 'anxiety', 'Quiet Fox');
				await store.createPseudonym(fox);
				const sam = await store.getIdentity('u-sam');
				const cases: Pseudonym[] = [
					pseudonym('p-fox', 'u-kim', 'anxiety', 'Other'),
					{ ...pseudonym('p-new', 'u-kim', 'anxiety', 'Other'), publicKey: fox.publicKey },
					pseudonym('u-sam', 'u-kim', 'anxiety', 'Other'),
					{ ...pseudonym('p-new', 'u-kim', 'anxiety', 'Other'), publicKey: sam?.publicKey ?? key() }
				];
				for (const clash of cases) {
					expect(await problemOf(store.createPseudonym(clash))).toBe('already-registered');
				}
				const reverse = { ...identity('u-new', 'New'), publicKey: fox.publicKey };
				expect(await problemOf(store.createIdentity(reverse))).toBe('already-registered');
				expect(await problemOf(store.createIdentity(identity('p-fox', 'New')))).toBe(
					'already-registered'
				);
				expect(await store.pseudonymsOf('u-kim')).toEqual([]);
			});

			it('renames within its community’s names', async () => {
				const store = await withPeople();
				await store.createPseudonym(pseudonym('p-fox', 'u-sam', 'anxiety', 'Quiet Fox'));
				await store.createPseudonym(pseudonym('p-owl', 'u-kim', 'anxiety', 'Owl'));
				await store.createPseudonym(pseudonym('p-elk', 'u-kim', 'grief', 'Elk'));
				expect(await problemOf(store.renamePseudonym('p-fox', 'OWL'))).toBe('name-taken');
				expect((await store.renamePseudonym('p-fox', 'Elk')).displayName).toBe('Elk');
				expect((await store.renamePseudonym('p-fox', 'ELK')).displayName).toBe('ELK');
				expect((await store.getPseudonym('p-fox'))?.displayName).toBe('ELK');
				expect(await problemOf(store.renamePseudonym('p-nobody', 'X'))).toBe('unknown-pseudonym');
			});
		});
	});
}
