/**
 * One room: the Y.Doc the server holds for it, the pieces of its stored log, the connections in
 * it and their presence. Created by the endpoint on the first join, loaded from the store, and
 * retired once the last connection has left and nothing it started is still running.
 *
 * The invariants this file keeps:
 * - An update is appended to the store, and the append has resolved, before it is applied to
 *   the room's doc or relayed to anyone. A server killed at any moment has relayed nothing it
 *   could lose.
 * - A member never misses an update between its first sync and the live stream: it joins the
 *   room before its first sync takes its snapshot of the pieces, and a stored update is added to
 *   the pieces and relayed in one synchronous step. So every update is either in the snapshot
 *   or relayed to the member (or both, which Yjs absorbs).
 * - The pieces are shared by every first sync in the room, so a hundred phones reconnecting after
 *   a restart cost one copy of the log, not a hundred. They are reloaded from the store every
 *   REFRESH_AFTER_APPENDS appends, so a compaction in the store reaches first syncs.
 * - With a gate (update-gate.ts), an update is judged before it is appended, against the
 *   document it will be applied to: updates are admitted one at a time, and a refused one is
 *   neither stored, applied nor relayed.
 * - With a write budget (write-budget.ts), an update the gate admitted is then charged to its
 *   sender's budget, by the gate's count of record changes and its bytes; one over budget is
 *   refused with OverBudgetError, likewise before anything of it is stored, applied or relayed.
 * - A change the server makes itself (`changeAsServer`: an account deleted) takes the same queue
 *   and the same store-then-apply-then-relay path, without the gate or a budget: it comes from
 *   server code, never from a connection, so no client can reach that door.
 * - Presence (awareness) is relayed, never stored, and each client id's presence belongs to the
 *   connection that first set it: others may not change or remove it (room-presence.ts).
 * - In a busy room, members on the room's shared stream (room-stream.ts) get each update from
 *   the stream, compressed once for all of them, and never as well through `relayUpdate`;
 *   members are let onto it only just before an update is relayed, in the same synchronous step.
 */
import * as Y from 'yjs';
import type { DocumentStore, StoredPiece } from '../store/document-store';
import type { Logger } from '../logger';
import type { Authorized } from './access';
import { firstSyncUpdates } from './first-sync';
import { CLOSE, encodeSyncUpdate, type AwarenessEntry, type CloseCode } from './protocol';
import type { RelayedUpdate } from './relay-outbox';
import { RoomPresence } from './room-presence';
import {
	DEFAULT_EPOCH_MIN_MS,
	DEFAULT_STREAM_MIN_CONNECTIONS,
	RoomStream,
	type StreamMember
} from './room-stream';
import { trimUpdate } from './trim-update';
import { replicaOf } from './update-changes';
import type { UpdateGate } from './update-gate';
import { OverBudgetError, type WriteBudget } from './write-budget';

/** Reload the pieces from the store after this many appends, to pick up compactions. */
export const REFRESH_AFTER_APPENDS = 128;

/** What the room needs from a connection. */
export interface RoomMember {
	readonly access: Authorized;
	/** Client ids whose presence this member set, removed when it leaves. */
	readonly awarenessIds: Set<number>;
	/** Sends unpaced, in order; a member too far behind closes itself. */
	relay(message: Uint8Array): void;
	/** Like relay, for a stored update: the member may merge it with others still waiting. */
	relayUpdate(update: RelayedUpdate): void;
	close(code: CloseCode): void;
	/** Present when the member's socket could be put on the room's shared stream. */
	readonly streamMember?: StreamMember;
}

/** The store could not append an update; nothing was applied or relayed. */
export class StoreWriteError extends Error {
	override name = 'StoreWriteError';
}

/** The store could not load the room; its members are closed so they retry. */
export class RoomLoadError extends Error {
	override name = 'RoomLoadError';
}

export interface RoomOptions {
	name: string;
	store: DocumentStore;
	log: Logger;
	pieceBytes: number;
	/** Judges each update before it is stored (update-gate.ts); without one, all are stored. */
	gate?: UpdateGate;
	/** Paces each person's writes (write-budget.ts); without one, nobody is limited. */
	budget?: WriteBudget;
	onUpdateStored?: (room: string, seq: number) => void | Promise<void>;
	/** Called once when the room is done (idle, or its load failed): drop it from the registry. */
	onRetired: (room: Room) => void;
	/** When a room shares one compressed stream, and its slices (room-stream.ts); defaults there. */
	stream?: { minConnections?: number; epochMinMs?: number; sliceSize?: number };
}

export class Room {
	readonly name: string;
	readonly doc = new Y.Doc();
	/** Resolves once the stored log is applied; rejects with RoomLoadError. */
	readonly ready: Promise<void>;

	private readonly members = new Set<RoomMember>();
	private pieces: StoredPiece[] = [];
	private refreshedUpTo = 0;
	private appendsSinceRefresh = 0;
	private refreshing = false;
	private work = 0;
	private settledWaiters: (() => void)[] = [];
	private retired = false;
	/** The update being admitted and stored; the next waits for it (only with a gate). */
	private admitting: Promise<void> = Promise.resolve();
	/** A replica of `doc` for the gate to try updates on; null until needed or after a refusal. */
	private scratch: Y.Doc | null = null;
	private relayedCount = 0;
	/** Merged messages since the last relayed update, by their updates' seqs (relay-outbox.ts). */
	private merged = new Map<string, Uint8Array>();
	private readonly stream: RoomStream;
	private readonly presence: RoomPresence;

	constructor(private readonly options: RoomOptions) {
		this.name = options.name;
		this.stream = new RoomStream({
			minConnections: options.stream?.minConnections ?? DEFAULT_STREAM_MIN_CONNECTIONS,
			epochMinMs: options.stream?.epochMinMs ?? DEFAULT_EPOCH_MIN_MS,
			sliceSize: options.stream?.sliceSize,
			merge: (updates) => this.mergeRelayed(updates),
			onError: (message, cause) => options.log.error(`${message} (room ${this.name})`, cause)
		});
		this.presence = new RoomPresence(this.doc, this.members, options.gate);
		this.ready = this.load();
		// Failure is handled in load (members closed, room retired); callers await `ready` anew.
		this.ready.catch(() => {});
	}

	get connectionCount(): number {
		return this.members.size;
	}

	get isRetired(): boolean {
		return this.retired;
	}

	/** Members on the room's shared stream (or sharing its stateless frames), and its epochs. */
	get streamed(): { members: number; epochs: number } {
		return { members: this.stream.size, epochs: this.stream.epochs };
	}

	join(member: RoomMember): void {
		this.members.add(member);
		if (member.access.awareness && !this.presence.isEmpty) member.relay(this.presence.message());
	}

	/** Removes the member's presence at once (its socket closed); membership ends with `leave`. */
	dropAwareness(member: RoomMember): void {
		this.presence.drop(member);
	}

	leave(member: RoomMember): void {
		this.dropAwareness(member);
		this.leaveStream(member);
		this.members.delete(member);
		this.checkIdle();
	}

	/** Takes the member off the shared stream (it is closing); nothing more is written to it. */
	leaveStream(member: RoomMember): void {
		this.stream.remove(member.streamMember);
	}

	closeAll(code: CloseCode): void {
		for (const member of this.members) member.close(code);
	}

	stateVector(): Uint8Array {
		return Y.encodeStateVector(this.doc);
	}

	/**
	 * What a client with `stateVector` lacks, as bounded updates. Takes its snapshot of the
	 * pieces now, so call it only after `ready` and after the member joined.
	 */
	firstSync(stateVector: Uint8Array): Generator<Uint8Array, void, undefined> {
		return firstSyncUpdates(this.pieces.slice(), stateVector, this.options.pieceBytes, (seq) =>
			this.options.log.error(`sync: room ${this.name}: stored piece ${seq} does not decode`)
		);
	}

	/**
	 * Stores what is new in a validated update, then applies and relays it. Throws
	 * StoreWriteError (nothing applied or relayed), RoomLoadError, the gate's
	 * RefusedUpdateError or the budget's OverBudgetError (nothing applied, stored or relayed).
	 */
	async receiveUpdate(from: RoomMember, update: Uint8Array): Promise<void> {
		this.work++;
		try {
			await this.ready;
			if (!this.options.gate) return await this.admitAndStore(from, update);
			// One at a time, so each update is judged against the document it will be applied to.
			const turn = this.admitting.then(() => this.admitAndStore(from, update));
			this.admitting = turn.catch(() => {});
			await turn;
		} finally {
			this.work--;
			this.checkIdle();
		}
	}

	/**
	 * Makes a change as the server: `change` edits a replica of the document (deleting entries,
	 * say), and what it did is stored, applied and relayed to every member like any update, in
	 * turn with members' updates. Resolves with how many record entries it changed (0 when there
	 * was nothing to do, and nothing is stored). Throws RoomLoadError or StoreWriteError.
	 */
	async changeAsServer(change: (doc: Y.Doc) => number): Promise<number> {
		this.work++;
		try {
			await this.ready;
			const turn = this.admitting.then(() => this.storeServerChange(change));
			this.admitting = turn.then(
				() => {},
				() => {}
			);
			return await turn;
		} finally {
			this.work--;
			this.checkIdle();
		}
	}

	/** Reads the pieces from the store again, e.g. once compaction rewrote them. */
	async reloadPieces(): Promise<void> {
		this.work++;
		try {
			await this.ready;
			await this.refreshPieces();
		} finally {
			this.work--;
			this.checkIdle();
		}
	}

	private async storeServerChange(change: (doc: Y.Doc) => number): Promise<number> {
		const replica = replicaOf(this.doc);
		const made: Uint8Array[] = [];
		replica.on('update', (update: Uint8Array) => made.push(update));
		let changed: number;
		try {
			changed = change(replica);
		} finally {
			replica.destroy();
		}
		const fresh = made.length === 0 ? null : trimUpdate(this.doc, Y.mergeUpdates(made));
		if (fresh === null) return 0;
		let seq: number;
		try {
			seq = await this.options.store.append(this.name, fresh);
		} catch (cause: unknown) {
			throw new StoreWriteError(`Could not store an update for room ${this.name}.`, { cause });
		}
		this.remember({ seq, update: fresh });
		this.apply(fresh, null);
		// The gate's replica still holds what was just removed; it is rebuilt when next needed.
		this.scratch?.destroy();
		this.scratch = null;
		this.relay(this.relayed(fresh), null);
		this.notifyStored(seq);
		return changed;
	}

	private async admitAndStore(from: RoomMember, update: Uint8Array): Promise<void> {
		const fresh = trimUpdate(this.doc, update);
		if (fresh === null) return;
		// The gate applies the update to the scratch replica; it is kept only if the room's doc
		// gets the same update, and rebuilt from the doc after anything else.
		const scratch = this.options.gate ? (this.scratch ?? replicaOf(this.doc)) : null;
		this.scratch = null;
		const admitted = await this.options.gate?.admit({
			room: this.name,
			doc: this.doc,
			update: fresh,
			access: from.access,
			scratch: scratch ?? undefined
		});
		const cost = { changes: admitted?.changes ?? 0, bytes: fresh.byteLength };
		const charged = this.options.budget?.charge(from.access.userId, this.name, cost);
		if (charged && !charged.admitted) throw new OverBudgetError(charged.retryAfterMs);
		let seq: number;
		try {
			seq = await this.options.store.append(this.name, fresh);
		} catch (cause: unknown) {
			// Not stored, so not spent: the client sends it again when it reconnects.
			this.options.budget?.refund(from.access.userId, this.name, cost);
			throw new StoreWriteError(`Could not store an update for room ${this.name}.`, { cause });
		}
		// From here to the relay nothing awaits: see the invariants above.
		this.remember({ seq, update: fresh });
		if (this.apply(fresh, from)) this.scratch = scratch;
		this.relay(this.relayed(fresh), from);
		this.notifyStored(seq);
	}

	/**
	 * One sync update message holding `updates`, for members whose earlier relay was still on its
	 * way out. Members that waited on the same updates share one merge: in a busy room that is
	 * most of them, since each member's socket takes its turn at compressing in arrival order.
	 */
	mergeRelayed(updates: readonly RelayedUpdate[]): Uint8Array {
		const key = updates.map((relayed) => relayed.seq).join(',');
		let message = this.merged.get(key);
		if (!message) {
			message = encodeSyncUpdate(Y.mergeUpdates(updates.map((relayed) => relayed.update)));
			this.merged.set(key, message);
		}
		return message;
	}

	/**
	 * Sends a stored update to every member but its author: through the shared stream to those
	 * on it (the author too, if it is on it), through each member's own outbox to the others.
	 */
	private relay(relayed: RelayedUpdate, from: RoomMember | null): void {
		const streamable: StreamMember[] = [];
		for (const member of this.members)
			if (member.streamMember) streamable.push(member.streamMember);
		this.stream.admit(streamable, this.members.size);
		for (const member of this.members) {
			if (member !== from && !this.stream.carries(member.streamMember)) member.relayUpdate(relayed);
		}
		this.stream.push(relayed);
	}

	/** The update as every member is sent it, encoded once for the room. */
	private relayed(update: Uint8Array): RelayedUpdate {
		// Every merge from now on includes this update, so no earlier merge is asked for again.
		this.merged.clear();
		return { seq: ++this.relayedCount, update, message: encodeSyncUpdate(update) };
	}

	/** Presence entries from a member; room-presence.ts keeps only those it may set. */
	receiveAwareness(from: RoomMember, entries: readonly AwarenessEntry[]): void {
		this.presence.receive(from, entries);
	}

	/** Everyone's presence, as one awareness message (possibly with no entries). */
	awarenessMessage(): Uint8Array {
		return this.presence.message();
	}

	/** Resolves once no append, load or reload is running. */
	settled(): Promise<void> {
		if (this.work === 0) return Promise.resolve();
		return new Promise((done) => this.settledWaiters.push(done));
	}

	/** Frees the doc and presence; called when idle, or by the endpoint on shutdown. */
	retire(): void {
		if (this.retired) return;
		this.retired = true;
		this.presence.destroy();
		this.stream.close();
		this.doc.destroy();
		this.scratch?.destroy();
		this.scratch = null;
		this.options.onRetired(this);
	}

	private async load(): Promise<void> {
		this.work++;
		try {
			const pieces = await this.options.store.load(this.name);
			// One transaction per piece, so a damaged piece cannot take the others down with it.
			for (const piece of pieces) this.apply(piece.update, null, piece.seq);
			this.pieces = pieces;
			this.refreshedUpTo = pieces.at(-1)?.seq ?? 0;
		} catch (cause: unknown) {
			this.options.log.error(`sync: could not load room ${this.name}`, cause);
			this.closeAll(CLOSE.SERVER_ERROR);
			this.retire();
			throw new RoomLoadError(`Could not load room ${this.name}.`, { cause });
		} finally {
			this.work--;
			this.checkIdle();
		}
	}

	/** Applies an update to the doc; false (logged) when Yjs could not. */
	private apply(update: Uint8Array, origin: RoomMember | null, seq?: number): boolean {
		try {
			Y.applyUpdate(this.doc, update, origin);
			return true;
		} catch (cause: unknown) {
			// Stored already, so it cannot be refused any more; keep serving the rest of the room.
			const which = seq === undefined ? 'an update' : `stored piece ${seq}`;
			this.options.log.error(`sync: room ${this.name}: could not apply ${which}`, cause);
			return false;
		}
	}

	private remember(piece: StoredPiece): void {
		// Already in the pieces if a reload read it from the store before this append resolved.
		if (piece.seq <= this.refreshedUpTo) return;
		this.pieces.push(piece);
		if (++this.appendsSinceRefresh >= REFRESH_AFTER_APPENDS && !this.refreshing) {
			void this.refreshPieces();
		}
	}

	private async refreshPieces(): Promise<void> {
		this.refreshing = true;
		this.work++;
		try {
			const loaded = await this.options.store.load(this.name);
			const upTo = loaded.at(-1)?.seq ?? 0;
			const newer = this.pieces.filter((piece) => piece.seq > upTo);
			this.pieces = [...loaded, ...newer];
			this.refreshedUpTo = Math.max(this.refreshedUpTo, upTo);
			this.appendsSinceRefresh = newer.length;
		} catch (cause: unknown) {
			// The pieces held are still correct, only longer than the store's; try again later.
			this.appendsSinceRefresh = 0;
			this.options.log.warn(`sync: could not reload room ${this.name}: ${String(cause)}`);
		} finally {
			this.refreshing = false;
			this.work--;
			this.checkIdle();
		}
	}

	private notifyStored(seq: number): void {
		const hook = this.options.onUpdateStored;
		if (!hook) return;
		const failed = (cause: unknown) =>
			this.options.log.error(`sync: onUpdateStored failed for room ${this.name}`, cause);
		try {
			void Promise.resolve(hook(this.name, seq)).catch(failed);
		} catch (cause: unknown) {
			failed(cause);
		}
	}

	private checkIdle(): void {
		if (this.work > 0) return;
		const waiters = this.settledWaiters;
		this.settledWaiters = [];
		for (const done of waiters) done();
		if (this.members.size === 0) this.retire();
	}
}
