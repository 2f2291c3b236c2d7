/**
 * A room's presence (y-protocols awareness): relayed, never stored, and each client id's
 * presence belongs to the connection that first set it, so others may not change or remove it.
 * The room (room.ts) holds one and hands it its members.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwarenessMessage, encodeAwarenessUpdate, type AwarenessEntry } from './protocol';
import type { RoomMember } from './room';
import type { UpdateGate } from './update-gate';

/** A presence state larger than this (JSON characters) is dropped: presence is a name, a colour. */
export const MAX_AWARENESS_STATE_CHARS = 1024;
/** Client ids one connection may set presence for (a stock client uses one). */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

export class RoomPresence {
	private readonly awareness: awarenessProtocol.Awareness;
	private readonly owners = new Map<number, RoomMember>();
	private destroyed = false;

	constructor(
		doc: Y.Doc,
		private readonly members: ReadonlySet<RoomMember>,
		private readonly gate: UpdateGate | undefined
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		// The server is not a participant: without this its own empty presence would be relayed.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.relay);
	}

	/** Anyone present (so a member joining has something to be sent). */
	get isEmpty(): boolean {
		return this.awareness.getStates().size === 0;
	}

	/**
	 * Applies presence entries from a member, keeping only those it may set: its own client ids,
	 * small states, a few ids per connection. A stock client echoes everyone's presence back to
	 * the server, so entries for others' ids are expected and dropped silently.
	 */
	receive(from: RoomMember, entries: readonly AwarenessEntry[]): void {
		const allowed = entries.filter((entry) => {
			if (entry.json.length > MAX_AWARENESS_STATE_CHARS) return false;
			const owner = this.owners.get(entry.clientId);
			if (owner !== undefined) return owner === from;
			if (entry.json === 'null') return true;
			const current = this.awareness.meta.get(entry.clientId)?.clock ?? -1;
			if (entry.clock <= current) return false;
			if (from.awarenessIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) return false;
			this.owners.set(entry.clientId, from);
			// Presence shows everyone this client id before its first write: bind it now, or
			// anyone could write under it first and lock its owner out.
			this.gate?.bindPresence(from.access.userId, entry.clientId);
			from.awarenessIds.add(entry.clientId);
			return true;
		});
		if (allowed.length === 0) return;
		awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(allowed), from);
	}

	/** Removes the member's presence at once (its socket closed). */
	drop(member: RoomMember): void {
		const ids = [...member.awarenessIds];
		member.awarenessIds.clear();
		for (const id of ids) this.owners.delete(id);
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, 'left');
	}

	/** Everyone's presence, as one awareness message (possibly with no entries). */
	message(): Uint8Array {
		const clients = [...this.awareness.getStates().keys()];
		return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
	}

	destroy(): void {
		this.destroyed = true;
		this.awareness.off('update', this.relay);
		this.awareness.destroy();
	}

	private readonly relay = (change: AwarenessChange, origin: unknown): void => {
		const clients = [...change.added, ...change.updated, ...change.removed];
		if (clients.length === 0 || this.destroyed) return;
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
		const message = encodeAwarenessMessage(update);
		for (const member of this.members) {
			if (member !== origin && member.access.awareness) member.relay(message);
		}
	};
}
