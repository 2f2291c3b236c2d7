/**
 * What this device keeps about communities, apart from their documents (those are update logs in
 * `DocumentRepository`): the communities the person joined, what they have read, the catalogue
 * last fetched (so browsing works offline), and per document the state vector the server is
 * known to hold (so after an offline reload the count of waiting changes is still right).
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
}

/** The meta keys this repository owns (the `meta` table holds the device's bookkeeping). */
export const CATALOGUE_KEY = 'community-catalogue';
export const ACTIVITY_SEEN_KEY = 'community-activity-seen';
export const CONFIRMED_KEY_PREFIX = 'community-confirmed:';

const infoSchema = v.object({
	id: v.string(),
	name: v.string(),
	description: v.string(),
	guidelines: v.array(v.string())
});

const partsSchema = v.array(v.pipe(v.string(), v.check(isMonthPart)));

const joinedSchema = v.object({
	id: v.string(),
	info: infoSchema,
	joinedAt: v.number(),
	guidelinesAcceptedAt: v.number(),
	chosenName: v.nullable(v.string()),
	authoredMonths: partsSchema,
	openedMonths: partsSchema
});

const catalogueSchema = v.object({
	communities: v.array(infoSchema),
	fetchedAt: v.number()
});

const confirmedSchema = v.array(v.tuple([v.number(), v.number()]));

export function readJoined(value: unknown): JoinedCommunityRecord | null {
	const result = v.safeParse(joinedSchema, value);
	return result.success ? result.output : null;
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
