/**
 * Decoding one stored record into an entry, or into the problem that stops it being read.
 * Shared by every journal repository, so all of them classify damage the same way.
 */

import type { JournalEntry } from '../domain/journal/entry';
import { InvalidEntryError } from '../domain/journal/parse-entry';
import type { JournalRecordCodec } from './journal-record.codec';
import type { LoadedJournal, StoredRecordProblem } from './journal.repository';

export type ReadJournalRecordResult =
	{ ok: true; entry: JournalEntry } | { ok: false; problem: StoredRecordProblem };

export async function readJournalRecord(
	codec: JournalRecordCodec,
	id: string,
	record: unknown
): Promise<ReadJournalRecordResult> {
	let entry: JournalEntry;
	try {
		entry = await codec.decode(record, id);
	} catch (e: unknown) {
		if (e instanceof InvalidEntryError) {
			return { ok: false, problem: { id, reason: e.code, path: e.path, detail: e.message } };
		}
		const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
		return { ok: false, problem: { id, reason: 'undecodable', path: [], detail } };
	}
	if (entry.id !== id) {
		// Served under `id`, this entry would be saved back under its own id, leaving two copies.
		const detail = `row ${JSON.stringify(id)} holds entry ${JSON.stringify(entry.id)}`;
		return { ok: false, problem: { id, reason: 'id-mismatch', path: ['id'], detail } };
	}
	return { ok: true, entry };
}

/** Sorts results, kept in their order, into what loaded and what did not. */
export function splitResults(results: readonly ReadJournalRecordResult[]): LoadedJournal {
	const loaded: LoadedJournal = { entries: [], problems: [] };
	for (const result of results) {
		if (result.ok) loaded.entries.push(result.entry);
		else loaded.problems.push(result.problem);
	}
	return loaded;
}
