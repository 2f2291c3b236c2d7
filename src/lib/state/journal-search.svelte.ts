/**
 * Search over the journal, in memory (storage keeps no plaintext index). A module of its own so
 * that only the journal page loads the search code; the index is built on first use and rebuilt
 * when the entries change, then reused across keystrokes.
 */
import { buildSearchIndex, searchEntries, type SearchHit } from '../domain/journal/search-entries';
import { journal } from './journal.svelte';

class JournalSearch {
	readonly #index = $derived(buildSearchIndex(journal.views));

	search(query: string): SearchHit[] {
		return searchEntries(this.#index, query);
	}
}

export const journalSearch = new JournalSearch();
