/**
 * A person's own block list. Pseudonyms are per community (one person has an unlinkable name in
 * each), so a block names a pseudonym id in one community and applies there only.
 *
 * Kept on the device for now and applied on every read (see `community/thread-list.ts`). Its
 * shape, pseudonym ids grouped by community, is what a server would need to refuse a blocked
 * person's replies to this person's threads, so it can be sent as it is once that exists.
 */

export interface BlockedPerson {
	communityId: string;
	/** The community's name when blocked, for the list in Settings. */
	communityName: string;
	/** Their pseudonym id in that community. */
	pseudonymId: string;
	/** Their name there when blocked, so the list can say who it is without opening the community. */
	name: string;
	/** Epoch ms. */
	blockedAt: number;
}

/** Enough for anyone; a cap keeps a damaged or hostile stored value from growing without end. */
export const MAX_BLOCKED = 1000;

export function isBlocked(
	list: readonly BlockedPerson[],
	communityId: string,
	pseudonymId: string
): boolean {
	return list.some((p) => p.communityId === communityId && p.pseudonymId === pseudonymId);
}

/** The list with `person` added; blocking someone already blocked changes nothing. */
export function addBlock(list: readonly BlockedPerson[], person: BlockedPerson): BlockedPerson[] {
	if (isBlocked(list, person.communityId, person.pseudonymId)) return [...list];
	return [...list, person].slice(-MAX_BLOCKED);
}

export function removeBlock(
	list: readonly BlockedPerson[],
	communityId: string,
	pseudonymId: string
): BlockedPerson[] {
	return list.filter((p) => !(p.communityId === communityId && p.pseudonymId === pseudonymId));
}

/** The pseudonym ids blocked in one community, as thread-list and friends take them. */
export function blockedIn(list: readonly BlockedPerson[], communityId: string): Set<string> {
	return new Set(list.filter((p) => p.communityId === communityId).map((p) => p.pseudonymId));
}
