/**
 * What this device keeps about communities, apart from their documents (those are update logs in
 * `DocumentRepository`): the communities the person joined, what they have read, the catalogue
 * last fetched (so browsing works offline), and per document the state vector the server is
 * known to hold (so after an offline reload the count of waiting changes is still right), the
 * person's records the server did not take (held: being sent again, or kept as drafts), and which
 * communities' block lists still have to reach the server.
 *
 * Implementations: `DexieCommunityRepository` (the browser) and `MemoryCommunityRepository`
 * (tests); both pass `community-repository.contract.ts`. Both store plain values and check them
 * on the way out with the parsers below, because disk may hand back anything: an unreadable
 * row is skipped, never fatal.
 */

import type { CommunityInfo } from '../domain/community/community-info';
import { isMonthPart } from '../domain/community/community-months';
import {
	REFUSED,
	check,
	list,
	nullable,
	number,
	object,
	oneOf,
	optional,
	orNull,
	string,
	type Reader
} from '../domain/plain-reader';

export interface JoinedCommunityRecord {
	id: string;
	/** The community as the catalogue described it when the person joined. */
	info: CommunityInfo;
	joinedAt: number;
	/** When the person accepted the guidelines (shown before joining). */
	guidelinesAcceptedAt: number;
	/** The name they chose here; null while they go by the generated default. */
	chosenName: string | null;
	/** Months (`yyyy-mm`) holding something they wrote: followed so replies arrive. */
	authoredMonths: string[];
	/** Earlier months they opened with "show earlier": kept on the device. */
	openedMonths: string[];
	/**
	 * The guidelines version (`guidelinesVersion` of GET /api/communities) they accepted; absent
	 * or null for communities joined before versions existed, which ask once.
	 */
	guidelinesVersion?: string | null;
	/** The version the server has recorded as accepted (PUT …/guidelines); null until sent. */
	guidelinesSent?: string | null;
}

/** The document maps a person's own records live in. */
export type HeldMap = 'threads' | 'replies' | 'reactions' | 'marks' | 'members';

/**
 * An entry a document held as deleted before a recovery rebuilt it: its key and the Yjs item
 * that held it (see `sync/replay-records.ts`), to delete again on the server's copy.
 */
export interface SeenDeletion {
	map: Exclude<HeldMap, 'members'>;
	key: string;
	client: number;
	clock: number;
}

/**
 * One of the person's own records the server did not take, kept on the device apart from the
 * document (whose log is rebuilt from the server's copy; see `state/room-recovery.ts`).
 */
export interface HeldRecord {
	community: string;
	/** The document (room) it belongs in, e.g. `community:anxiety:2026-11`. */
	docName: string;
	map: HeldMap;
	key: string;
	/** The record as it was written; checked again by the change policy before it is re-sent. */
	value: unknown;
	/** `replaying`: being sent again by a recovery under way; `draft`: kept for the person. */
	state: 'replaying' | 'draft';
	/**
	 * Why: a rule the server named (`blocked`, `not-yours`…), a read-only reason (`muted`,
	 * `guidelines`, `no-pseudonym`), `missing` (what it answered is gone), or `not-sent`.
	 */
	reason: string;
	heldAt: number;
}

export interface CachedCatalogue {
	communities: CommunityInfo[];
	fetchedAt: number;
}

export interface CommunityRepository {
	/** Every joined community, oldest first; unreadable rows are left out. */
	listJoined(): Promise<JoinedCommunityRecord[]>;
	getJoined(id: string): Promise<JoinedCommunityRecord | null>;
	/** Adds or replaces. Throws `StorageFullError` when the device refuses. */
	saveJoined(record: JoinedCommunityRecord): Promise<void>;
	/** Forgets the community, its read marks and its documents' confirmed vectors, in one go. */
	removeJoined(id: string): Promise<void>;

	/** Per thread, the latest activity (hybrid logical clock time) the person has seen. */
	readMarks(community: string): Promise<Map<string, string>>;
	/** Keeps the later of the stored mark and `at`. */
	markRead(community: string, thread: string, at: string): Promise<void>;

	loadCatalogue(): Promise<CachedCatalogue | null>;
	saveCatalogue(catalogue: CachedCatalogue): Promise<void>;

	/** The state vector the server is known to hold for a document (empty when unknown). */
	loadConfirmed(docName: string): Promise<Map<number, number>>;
	saveConfirmed(docName: string, vector: ReadonlyMap<number, number>): Promise<void>;

	/** The newest activity time (epoch ms) the person has seen in their activity list. */
	loadActivitySeen(): Promise<number>;
	saveActivitySeen(at: number): Promise<void>;

	/** The community's held records, oldest first (then by map and key). */
	listHeld(community: string): Promise<HeldRecord[]>;
	/** Adds or replaces records (by community, map and key), all or none. */
	saveHeld(records: readonly HeldRecord[]): Promise<void>;
	removeHeld(community: string, keys: readonly { map: HeldMap; key: string }[]): Promise<void>;

	/** Deletions a recovery still has to make again, per document of the community. */
	listDeletions(community: string): Promise<Map<string, SeenDeletion[]>>;
	/** Replaces a document's list; an empty list removes it. */
	saveDeletions(
		community: string,
		docName: string,
		deletions: readonly SeenDeletion[]
	): Promise<void>;

	/** Communities whose block list changed since it last reached the server. */
	loadBlocksToSend(): Promise<string[]>;
	saveBlocksToSend(communities: readonly string[]): Promise<void>;
}

/** The meta keys this repository owns (the `meta` table holds the device's bookkeeping). */
export const CATALOGUE_KEY = 'community-catalogue';
export const ACTIVITY_SEEN_KEY = 'community-activity-seen';
export const CONFIRMED_KEY_PREFIX = 'community-confirmed:';
export const HELD_KEY_PREFIX = 'community-held:';
export const BLOCKS_TO_SEND_KEY = 'community-blocks-to-send';
export const DELETIONS_KEY_PREFIX = 'community-deletions:';

/** The key a document's deletions are kept under; a community's all start with the prefix. */
export function deletionsKey(community: string, docName: string): string {
	return `${deletionsPrefix(community)}${docName}`;
}

export function deletionsPrefix(community: string): string {
	return `${DELETIONS_KEY_PREFIX}${community}:`;
}

/** The key a held record is kept under; a community's all start with `heldPrefix(community)`. */
export function heldKey(community: string, map: HeldMap, key: string): string {
	return `${heldPrefix(community)}${map}:${key}`;
}

export function heldPrefix(community: string): string {
	return `${HELD_KEY_PREFIX}${community}:`;
}

/*
 * The readers: each returns a fresh value holding only the fields it knows (an absent optional
 * field stays absent), or null (an empty list or map) when the row is not one this version wrote.
 * Checked with the app's own small readers rather than a schema library, which the community pages
 * would otherwise load for these few shapes.
 */

const HELD_MAPS: readonly HeldMap[] = ['threads', 'replies', 'reactions', 'marks', 'members'];
const DELETION_MAPS: readonly SeenDeletion['map'][] = ['threads', 'replies', 'reactions', 'marks'];
const HELD_STATES: readonly HeldRecord['state'][] = ['replaying', 'draft'];

/** A community as the catalogue described it; unlike the network's, every field is required. */
const info: Reader<CommunityInfo> = object({
	id: string,
	name: string,
	description: string,
	guidelines: list(string),
	guidelinesVersion: optional(string)
});

const parts = list(check(string, isMonthPart));
/** A whole number from zero up, as Yjs client ids and clocks are. */
const count = check(number, (value) => Number.isInteger(value) && value >= 0);

const joined: Reader<JoinedCommunityRecord> = object({
	id: string,
	info,
	joinedAt: number,
	guidelinesAcceptedAt: number,
	chosenName: nullable(string),
	authoredMonths: parts,
	openedMonths: parts,
	guidelinesVersion: optional(nullable(string)),
	guidelinesSent: optional(nullable(string))
});

/** A held record, apart from the record itself (which may be anything). */
const held = object({
	community: string,
	docName: string,
	map: oneOf(HELD_MAPS),
	key: string,
	state: oneOf(HELD_STATES),
	reason: string,
	heldAt: number
});

const deletions = object({
	docName: string,
	deletions: list(object({ map: oneOf(DELETION_MAPS), key: string, client: count, clock: count }))
});

const catalogue: Reader<CachedCatalogue> = object({ communities: list(info), fetchedAt: number });

/** A state vector's entry; items after the two are ignored. */
const pair: Reader<[number, number]> = (value) => {
	if (!Array.isArray(value)) return REFUSED;
	const client = number(value[0]);
	const clock = number(value[1]);
	return client === REFUSED || clock === REFUSED ? REFUSED : [client, clock];
};

/** A document's kept deletions, or null when unreadable (then there is nothing to redo). */
export function readDeletions(
	value: unknown
): { docName: string; deletions: SeenDeletion[] } | null {
	return orNull(deletions(value));
}

export function readJoined(value: unknown): JoinedCommunityRecord | null {
	return orNull(joined(value));
}

export function readHeld(value: unknown): HeldRecord | null {
	const fields = orNull(held(value));
	// The record itself may be anything, but it must be there (even as undefined).
	if (fields === null || !(typeof value === 'object' && value !== null && 'value' in value)) {
		return null;
	}
	const { community, docName, map, key, state, reason, heldAt } = fields;
	return { community, docName, map, key, value: value.value, state, reason, heldAt };
}

/** Oldest first, then by map and key, so a replay keeps the order things were written in. */
export function sortHeld(records: HeldRecord[]): HeldRecord[] {
	return records.sort(
		(a, b) =>
			a.heldAt - b.heldAt ||
			(a.map + a.key < b.map + b.key ? -1 : a.map + a.key > b.map + b.key ? 1 : 0)
	);
}

export function readCommunityIds(value: unknown): string[] {
	return orNull(list(string)(value)) ?? [];
}

export function readCatalogue(value: unknown): CachedCatalogue | null {
	return orNull(catalogue(value));
}

export function readConfirmed(value: unknown): Map<number, number> {
	return new Map(orNull(list(pair)(value)) ?? []);
}

/** Stored as pairs: IndexedDB clones a Map, but plain arrays read the same everywhere. */
export function storedConfirmed(vector: ReadonlyMap<number, number>): [number, number][] {
	return [...vector];
}

export function isCommunityDoc(community: string, docName: string): boolean {
	return docName.startsWith(`community:${community}:`);
}
