/**
 * Counts this client's local changes that the server has not yet stored.
 *
 * The y-websocket protocol has no acknowledgement, so two facts stand in for one:
 * - the server's sync step 1 carries its state vector: a change whose items it covers is stored.
 *   A change that only deletes advances no clock, so a state vector never proves it arrived;
 * - the server handles one connection's messages strictly in order and stores each update before
 *   reading the next (server/sync/connection.ts), and answers a client's step 1 with a step 2. So
 *   the step 2 answering a step 1 we sent proves that everything sent before it was stored.
 * `SyncConnection` supplies both; this module only keeps the books.
 */
import type * as Y from 'yjs';

interface LocalChange {
	seq: number;
	client: number;
	/** The client's clock after the change; null for a delete-only change. */
	clock: number | null;
}

export class UnsentChanges {
	private changes: LocalChange[] = [];
	private lastSeq = 0;
	private readonly onTransaction = (transaction: Y.Transaction) => this.record(transaction);

	constructor(
		private readonly doc: Y.Doc,
		private readonly onChange: () => void
	) {
		doc.on('afterTransaction', this.onTransaction);
	}

	get count(): number {
		return this.changes.length;
	}

	/** The sequence number of the latest local change: what a probe sent now would cover. */
	get latest(): number {
		return this.lastSeq;
	}

	/** Forgets changes whose items the server's state vector covers. */
	ackStateVector(serverState: Map<number, number>): void {
		this.keep(({ client, clock }) => clock === null || (serverState.get(client) ?? 0) < clock);
	}

	/** Forgets changes up to `seq`, all of which the server is known to have stored. */
	ackThrough(seq: number): void {
		this.keep((change) => change.seq > seq);
	}

	destroy(): void {
		this.doc.off('afterTransaction', this.onTransaction);
	}

	private record(transaction: Y.Transaction): void {
		// Remote updates (from the server or loaded from storage) are applied as non-local.
		if (!transaction.local) return;
		const client = this.doc.clientID;
		const after = transaction.afterState.get(client) ?? 0;
		const inserted = after > (transaction.beforeState.get(client) ?? 0);
		if (!inserted && transaction.deleteSet.clients.size === 0) return;
		this.changes.push({ seq: ++this.lastSeq, client, clock: inserted ? after : null });
		this.onChange();
	}

	private keep(pending: (change: LocalChange) => boolean): void {
		const before = this.changes.length;
		this.changes = this.changes.filter(pending);
		if (this.changes.length !== before) this.onChange();
	}
}
