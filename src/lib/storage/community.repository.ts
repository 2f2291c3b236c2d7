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

import * as v from 'valibot';
import type { CommunityInfo } from '../domain/community/community-info';
import { isMonthPart } from '../domain/community/community-months';

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

const infoSchema = v.object({
	id: v.string(),
	name: v.string(),
	description: v.string(),
	guidelines: v.array(v.string()),
	guidelinesVersion: v.optional(v.string())
});

const partsSchema = v.array(v.pipe(v.string(), v.check(isMonthPart)));

const joinedSchema = v.object({
	id: v.string(),
	info: infoSchema,
	joinedAt: v.number(),
	guidelinesAcceptedAt: v.number(),
	chosenName: v.nullable(v.string()),
	authoredMonths: partsSchema,
	openedMonths: partsSchema,
	guidelinesVersion: v.optional(v.nullable(v.string())),
	guidelinesSent: v.optional(v.nullable(v.string()))
});

const heldSchema = v.object({
	community: v.string(),
	docName: v.string(),
	map: v.picklist(['threads', 'replies', 'reactions', 'marks', 'members']),
	key: v.string(),
	value: v.unknown(),
	state: v.picklist(['replaying', 'draft']),
	reason: v.string(),
	heldAt: v.number()
});

const deletionsSchema = v.object({
	docName: v.string(),
	deletions: v.array(
		v.object({
			map: v.picklist(['threads', 'replies', 'reactions', 'marks']),
			key: v.string(),
			client: v.pipe(v.number(), v.integer(), v.minValue(0)),
			clock: v.pipe(v.number(), v.integer(), v.minValue(0))
		})
	)
});

/** A document's kept deletions, or null when unreadable (then there is nothing to redo). */
export function readDeletions(
	value: unknown
): { docName: string; deletions: SeenDeletion[] } | null {
	const result = v.safeParse(deletionsSchema, value);
	return result.success ? result.output : null;
}

const communityIdsSchema = v.array(v.string());

const catalogueSchema = v.object({
	communities: v.array(infoSchema),
	fetchedAt: v.number()
});

const confirmedSchema = v.array(v.tuple([v.number(), v.number()]));

export function readJoined(value: unknown): JoinedCommunityRecord | null {
	const result = v.safeParse(joinedSchema, value);
	return result.success ? result.output : null;
}

export function readHeld(value: unknown): HeldRecord | null {
	const result = v.safeParse(heldSchema, value);
	return result.success ? result.output : null;
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
	const result = v.safeParse(communityIdsSchema, value);
	return result.success ? result.output : [];
}

export function readCatalogue(value: unknown): CachedCatalogue | null {
	const result = v.safeParse(catalogueSchema, value);
	return result.success ? result.output : null;
}

export function readConfirmed(value: unknown): Map<number, number> {
	const result = v.safeParse(confirmedSchema, value);
	return new Map(result.success ? result.output : []);
}

/** Stored as pairs: IndexedDB clones a Map, but plain arrays read the same everywhere. */
export function storedConfirmed(vector: ReadonlyMap<number, number>): [number, number][] {
	return [...vector];
}

export function isCommunityDoc(community: string, docName: string): boolean {
	return docName.startsWith(`community:${community}:`);
}
