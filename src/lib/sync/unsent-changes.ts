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
 *
 * It also keeps the **confirmed state vector**: for each client, a clock below which the server
 * is known to hold every struct. It only grows, merged from three facts: the server's state vector
 * (its sync step 1); each update the server sends (it stores before it relays, and a first sync
 * sends only what it holds), counted only where it continues what is already confirmed, because
 * an update with a gap may be waiting on the server for the missing part; and, when a probe is
 * answered, our own document's state vector as it was when the probe was sent, since everything
 * in it was by then received from the server or sent to it. The vector can be seeded (persisted
 * across reloads), so changes written offline before a reload still count as waiting after it.
 */
import * as Y from 'yjs';

export type StateVector = ReadonlyMap<number, number>;

interface LocalChange {
	seq: number;
	client: number;
	/** The client's clock after the change; null for a delete-only change. */
	clock: number | null;
}

export class UnsentChanges {
	private changes: LocalChange[] = [];
	private lastSeq = 0;
	private confirmedVector: StateVector;
	private readonly onTransaction = (transaction: Y.Transaction) => this.record(transaction);

	/** `onChange` is called whenever `count` or `confirmed` changes. */
	constructor(
		private readonly doc: Y.Doc,
		private readonly onChange: () => void,
		confirmed: StateVector = new Map()
	) {
		this.confirmedVector = new Map(confirmed);
		doc.on('afterTransaction', this.onTransaction);
	}

	/** What the server is known to hold; a new map each time it grows, never changed in place. */
	get confirmed(): StateVector {
		return this.confirmedVector;
	}

	/** Whether the document holds something the server is not yet known to hold. */
	get aheadOfConfirmed(): boolean {
		for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
			if (clock > (this.confirmedVector.get(client) ?? 0)) return true;
		}
		return false;
	}

	get count(): number {
		return this.changes.length;
	}

	/** The sequence number of the latest local change: what a probe sent now would cover. */
	get latest(): number {
		return this.lastSeq;
	}

	/** The server's state vector: forgets changes whose items it covers, and confirms it. */
	ackStateVector(serverState: StateVector): void {
		this.confirm(serverState);
	}

	/**
	 * A probe was answered: forgets changes up to `seq`, all of which the server has stored, and
	 * confirms `stateVector`, the document's state vector when the probe was sent.
	 */
	ackThrough(seq: number, stateVector: StateVector = new Map()): void {
		const before = this.changes.length;
		this.changes = this.changes.filter((change) => change.seq > seq);
		if (!this.confirm(stateVector) && this.changes.length !== before) this.onChange();
	}

	/** An update the server sent: it holds each client's structs that continue what it held. */
	ackUpdate(update: Uint8Array): void {
		let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
		try {
			structs = Y.decodeUpdate(update).structs;
		} catch {
			// Not ours to judge: the provider applies (or rejects) the same bytes.
			return;
		}
		const reached = new Map<number, number>();
		const stopped = new Set<number>();
		for (const struct of structs) {
			const { client, clock } = struct.id;
			if (stopped.has(client)) continue;
			const known = reached.get(client) ?? this.confirmedVector.get(client) ?? 0;
			// A Skip is a gap, and a struct past a gap proves nothing about what is before it.
			if (struct instanceof Y.Skip || clock > known) stopped.add(client);
			else reached.set(client, Math.max(known, clock + struct.length));
		}
		this.confirm(reached);
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

	/**
	 * Merges `vector` into the confirmed one and forgets the changes it now covers (a delete-only
	 * change advances no clock, so no vector proves it arrived). Returns whether it notified.
	 */
	private confirm(vector: StateVector): boolean {
		let grown: Map<number, number> | null = null;
		for (const [client, clock] of vector) {
			if (clock <= (this.confirmedVector.get(client) ?? 0)) continue;
			grown ??= new Map(this.confirmedVector);
			grown.set(client, clock);
		}
		if (grown !== null) this.confirmedVector = grown;
		const before = this.changes.length;
		const confirmed = this.confirmedVector;
		this.changes = this.changes.filter(
			({ client, clock }) => clock === null || (confirmed.get(client) ?? 0) < clock
		);
		if (grown === null && this.changes.length === before) return false;
		this.onChange();
		return true;
	}
}
