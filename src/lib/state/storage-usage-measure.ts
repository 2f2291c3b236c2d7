/**
 * Adds up what the device keeps, per community, for the journal and for the rest (see
 * `storage-usage.svelte.ts`). Reads every row it counts, so it runs only when asked.
 */
import type { CommunityRepository, JoinedCommunityRecord } from '../storage/community.repository';
import {
	storedBytes,
	type DocumentRepository,
	type DocumentSummary
} from '../storage/document.repository';
import type { StorageMeasureRepository } from '../storage/storage-measure.repository';
import type { StorageStatus } from '../storage/storage-status';
import { monthsToFollow, partOfRoom } from '../domain/community/community-months';

export const COMMUNITY_PREFIX = 'community:';
const JOURNAL_PREFIX = 'journal:';

export interface StorageUsageSources {
	documents: DocumentRepository;
	communities: CommunityRepository;
	measure: StorageMeasureRepository;
	/** The browser's figures (`navigator.storage.estimate`) and whether it keeps our data. */
	estimate(): Promise<StorageStatus>;
	/** Removes a joined community's earlier months through its open room; the months removed. */
	forgetEarlier(communityId: string): Promise<string[]>;
	now?: () => number;
}

export interface CommunityUsage {
	id: string;
	name: string;
	joined: boolean;
	/** About how many bytes its documents and its rows take. */
	bytes: number;
	/** Months (documents) kept on this device. */
	months: number;
	/** Of those, earlier months "Forget earlier months" may remove (if nothing is unsent there). */
	earlierMonths: number;
}

export interface StorageUsage {
	communities: CommunityUsage[];
	/** Entries stored (deleted ones not yet purged too), with the journal's synced copy. */
	journal: { bytes: number; entries: number };
	/** Settings, identity, the catalogue and the rest of the device's bookkeeping. */
	other: { bytes: number };
}

/** Measures every part; reads the rows it counts. */
export async function measureUsage(sources: StorageUsageSources): Promise<StorageUsage> {
	const { documents, communities, measure } = sources;
	const [stored, joined, catalogue, journalRows, other] = await Promise.all([
		documents.list(),
		communities.listJoined(),
		communities.loadCatalogue(),
		measure.journal(),
		measure.other()
	]);
	const byCommunity = new Map<string, DocumentSummary[]>();
	const journalDocs: DocumentSummary[] = [];
	const otherDocs: DocumentSummary[] = [];
	for (const summary of stored) {
		const id = communityOf(summary.docName);
		if (id !== null) byCommunity.set(id, [...(byCommunity.get(id) ?? []), summary]);
		else if (summary.docName.startsWith(JOURNAL_PREFIX)) journalDocs.push(summary);
		else otherDocs.push(summary);
	}
	const ids = [...new Set([...joined.map((record) => record.id), ...byCommunity.keys()])];
	const now = (sources.now ?? Date.now)();
	const list = await Promise.all(
		ids.map(async (id): Promise<CommunityUsage> => {
			const record = joined.find((r) => r.id === id) ?? null;
			const docs = byCommunity.get(id) ?? [];
			const rows = await measure.community(id);
			return {
				id,
				name: record?.info.name ?? catalogue?.communities.find((c) => c.id === id)?.name ?? id,
				joined: record !== null,
				bytes: storedBytes(docs) + rows.bytes,
				months: docs.length,
				earlierMonths: record === null ? 0 : earlierMonths(record, docs, id, now)
			};
		})
	);
	return {
		// Joined ones first, in the order they were joined, then any only looked at.
		communities: list.sort((a, b) => Number(b.joined) - Number(a.joined)),
		journal: { bytes: journalRows.bytes + storedBytes(journalDocs), entries: journalRows.rows },
		other: { bytes: other.bytes + storedBytes(otherDocs) }
	};
}

/** Stored months outside the ones followed by default and the person's own. */
function earlierMonths(
	record: JoinedCommunityRecord,
	docs: readonly DocumentSummary[],
	id: string,
	now: number
): number {
	const kept = new Set(monthsToFollow({ now, authored: record.authoredMonths, opened: [] }));
	return docs.filter((d) => {
		const part = partOfRoom(id, d.docName);
		return part !== null && !kept.has(part);
	}).length;
}

/** `community:<id>:<yyyy-mm>` → `<id>`; null for any other document. */
function communityOf(docName: string): string | null {
	if (!docName.startsWith(COMMUNITY_PREFIX)) return null;
	const end = docName.lastIndexOf(':');
	return end > COMMUNITY_PREFIX.length ? docName.slice(COMMUNITY_PREFIX.length, end) : null;
}

/** One community's size in `usage` (0 once it is gone), or everything's for `null`. */
export function sizeOf(usage: StorageUsage, communityId: string | null): number {
	if (communityId !== null) {
		return usage.communities.find((c) => c.id === communityId)?.bytes ?? 0;
	}
	const communities = usage.communities.reduce((total, c) => total + c.bytes, 0);
	return communities + usage.journal.bytes + usage.other.bytes;
}
