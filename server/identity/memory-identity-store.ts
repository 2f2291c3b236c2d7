// The in-memory IdentityStore, for tests: the same contract as SQLite, answered from Maps.
// Records go in and out as copies, so a caller mutating one cannot change what is stored.
import { canonicalDisplayName } from '../../src/lib/domain/identity/display-name';
import {
	IdentityStoreError,
	type Identity,
	type IdentityStore,
	type Pseudonym
} from './identity-store';

export class MemoryIdentityStore implements IdentityStore {
	readonly #identities = new Map<string, Identity>();
	readonly #pseudonyms = new Map<string, Pseudonym>();

	async getIdentity(userId: string): Promise<Identity | undefined> {
		const identity = this.#identities.get(userId);
		return identity && copyIdentity(identity);
	}

	async createIdentity(identity: Identity): Promise<void> {
		if (this.#isRegistered(identity.userId, identity.publicKey)) throw alreadyRegistered();
		this.#assertIdentityNameFree(identity.displayName);
		this.#identities.set(identity.userId, copyIdentity(identity));
	}

	async renameIdentity(userId: string, displayName: string): Promise<Identity> {
		const identity = this.#identities.get(userId);
		if (!identity) throw unknownIdentity();
		this.#assertIdentityNameFree(displayName, userId);
		identity.displayName = displayName;
		return copyIdentity(identity);
	}

	async deleteIdentity(userId: string): Promise<void> {
		this.#identities.delete(userId);
		for (const [id, pseudonym] of this.#pseudonyms) {
			if (pseudonym.userId === userId) this.#pseudonyms.delete(id);
		}
	}

	async getPseudonym(pseudonymId: string): Promise<Pseudonym | undefined> {
		const pseudonym = this.#pseudonyms.get(pseudonymId);
		return pseudonym && copyPseudonym(pseudonym);
	}

	async pseudonymIn(userId: string, communityId: string): Promise<Pseudonym | undefined> {
		const found = [...this.#pseudonyms.values()].find(
			(p) => p.userId === userId && p.communityId === communityId
		);
		return found && copyPseudonym(found);
	}

	async pseudonymsOf(userId: string): Promise<Pseudonym[]> {
		return [...this.#pseudonyms.values()]
			.filter((p) => p.userId === userId)
			.sort((a, b) => a.createdAt - b.createdAt || compareText(a.communityId, b.communityId))
			.map(copyPseudonym);
	}

	async createPseudonym(pseudonym: Pseudonym): Promise<void> {
		if (!this.#identities.has(pseudonym.userId)) throw unknownIdentity();
		if (await this.pseudonymIn(pseudonym.userId, pseudonym.communityId)) {
			throw new IdentityStoreError(
				'pseudonym-exists',
				'This person already has a pseudonym in that community.'
			);
		}
		if (this.#isRegistered(pseudonym.pseudonymId, pseudonym.publicKey)) throw alreadyRegistered();
		this.#assertPseudonymNameFree(pseudonym.communityId, pseudonym.displayName);
		this.#pseudonyms.set(pseudonym.pseudonymId, copyPseudonym(pseudonym));
	}

	async renamePseudonym(pseudonymId: string, displayName: string): Promise<Pseudonym> {
		const pseudonym = this.#pseudonyms.get(pseudonymId);
		if (!pseudonym) {
			throw new IdentityStoreError('unknown-pseudonym', 'No such pseudonym.');
		}
		this.#assertPseudonymNameFree(pseudonym.communityId, displayName, pseudonymId);
		pseudonym.displayName = displayName;
		return copyPseudonym(pseudonym);
	}

	async close(): Promise<void> {}

	/** Ids and keys are unique across identities and pseudonyms together: one namespace. */
	#isRegistered(id: string, publicKey: Uint8Array): boolean {
		const key = keyText(publicKey);
		const records = [...this.#identities.values(), ...this.#pseudonyms.values()];
		return (
			this.#identities.has(id) ||
			this.#pseudonyms.has(id) ||
			records.some((record) => keyText(record.publicKey) === key)
		);
	}

	#assertIdentityNameFree(displayName: string, exceptUserId?: string): void {
		const canonical = canonicalDisplayName(displayName);
		for (const other of this.#identities.values()) {
			if (other.userId !== exceptUserId && canonicalDisplayName(other.displayName) === canonical) {
				throw nameTaken();
			}
		}
	}

	#assertPseudonymNameFree(communityId: string, displayName: string, exceptId?: string): void {
		const canonical = canonicalDisplayName(displayName);
		for (const other of this.#pseudonyms.values()) {
			if (
				other.communityId === communityId &&
				other.pseudonymId !== exceptId &&
				canonicalDisplayName(other.displayName) === canonical
			) {
				throw nameTaken();
			}
		}
	}
}

function copyIdentity(identity: Identity): Identity {
	return { ...identity, publicKey: Uint8Array.from(identity.publicKey) };
}

function copyPseudonym(pseudonym: Pseudonym): Pseudonym {
	return { ...pseudonym, publicKey: Uint8Array.from(pseudonym.publicKey) };
}

function keyText(publicKey: Uint8Array): string {
	return publicKey.join(',');
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function alreadyRegistered(): IdentityStoreError {
	return new IdentityStoreError('already-registered', 'That id or public key is registered.');
}

function unknownIdentity(): IdentityStoreError {
	return new IdentityStoreError('unknown-identity', 'No such identity.');
}

function nameTaken(): IdentityStoreError {
	return new IdentityStoreError('name-taken', 'That name is taken.');
}
