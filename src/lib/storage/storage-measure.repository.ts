/**
 * How much space the device's tables take, apart from document logs (those the document
 * repository measures): the journal's rows, one community's rows, and everything else. Read only
 * when the person opens the storage part of Settings; each call reads the rows it measures.
 *
 * Sizes are `storedSize` figures (JSON length, binary by byte length) plus `ROW_OVERHEAD_BYTES`
 * per row, like document logs, so the parts add up on one scale.
 */

export interface TableSize {
	rows: number;
	bytes: number;
}

export interface StorageMeasureRepository {
	/** The journal's rows, sealed, as stored (one per entry, deleted ones not yet purged too). */
	journal(): Promise<TableSize>;
	/**
	 * A community's rows apart from its documents: the joined record, read marks, held records
	 * and drafts, deletions to redo, and each document's confirmed state vector.
	 */
	community(id: string): Promise<TableSize>;
	/** Settings, identity, the catalogue and the rest of the device's bookkeeping. */
	other(): Promise<TableSize>;
}
