/**
 * The pseudonym keys derived for this identity, one per community, so each is derived once.
 * Plain bookkeeping that nothing renders, so it lives outside the runes modules.
 */
export interface PseudonymKeys {
	id: string;
	publicKey: Uint8Array;
	secretKey: Uint8Array;
}

export class PseudonymKeyring {
	readonly #keys = new Map<string, PseudonymKeys>();

	/** The community's keys, derived by `derive` the first time they are asked for. */
	get(communityId: string, derive: () => PseudonymKeys): PseudonymKeys {
		let keys = this.#keys.get(communityId);
		if (!keys) {
			keys = derive();
			this.#keys.set(communityId, keys);
		}
		return keys;
	}

	/** Whether `keys` are still the ones held for the community (not replaced by a restore). */
	holds(communityId: string, keys: PseudonymKeys): boolean {
		return this.#keys.get(communityId) === keys;
	}

	clear(): void {
		this.#keys.clear();
	}
}
