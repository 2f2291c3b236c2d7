// One simulated person: a Y.Doc and a client that speaks the sync protocol as the stock
// y-websocket provider does (without presence). On connect it sends sync step 1; it answers the
// server's step 1 with a step 2 of whatever the server lacks; it sends each local change as an
// update while connected. Offline changes reach the server only through that step 2.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { SimRandom } from './sim-random';
import type { SimServer, SimSocket } from './sim-network';

const MESSAGE_SYNC = 0;

export interface ThreadRecord {
	author: string;
	title: string;
	body: string;
}

export interface ReplyRecord {
	thread: string;
	author: string;
	body: string;
}

type Kind = 'threads' | 'replies';

export class SimPerson {
	readonly doc = new Y.Doc();
	readonly threads = this.doc.getMap<ThreadRecord>('threads');
	readonly replies = this.doc.getMap<ReplyRecord>('replies');
	/** What this person last wrote to each of their own records; null once deleted. */
	readonly own = new Map<string, ThreadRecord | ReplyRecord | null>();
	socket: SimSocket | null = null;
	private edits = 0;

	constructor(
		readonly name: string,
		clientId: number,
		private readonly random: SimRandom
	) {
		// Fixed so that a seed replays exactly (Yjs orders concurrent inserts by client id).
		this.doc.clientID = clientId;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === this || !this.socket) return;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			this.socket.fromClient(encoding.toUint8Array(encoder));
		});
	}

	get online(): boolean {
		return this.socket !== null;
	}

	connect(server: SimServer): void {
		const socket = server.connect(() => {
			if (this.socket === socket) this.socket = null;
		});
		this.socket = socket;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		socket.fromClient(encoding.toUint8Array(encoder));
	}

	/** Handles one message from the server, answering as the stock provider does. */
	receive(bytes: Uint8Array): void {
		const decoder = decoding.createDecoder(bytes);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
		if (encoding.length(encoder) > 1) this.socket?.fromClient(encoding.toUint8Array(encoder));
	}

	/** One random edit: a thread, a reply, or a change to or deletion of an own record. */
	edit(): void {
		const n = ++this.edits;
		const mine = [...this.own].filter(([, value]) => value !== null).map(([key]) => key);
		const action = this.random.weighted<'thread' | 'reply' | 'change' | 'delete'>([
			['thread', 3],
			['reply', this.threads.size > 0 ? 4 : 0],
			['change', mine.length > 0 ? 2 : 0],
			['delete', mine.length > 0 ? 1 : 0]
		]);
		if (action === 'thread') {
			this.write('threads', this.random.id(), {
				author: this.name,
				title: `${this.name} asks ${n}`,
				body: `body ${n}`
			});
		} else if (action === 'reply') {
			const thread = this.random.pick([...this.threads.keys()]) ?? '';
			this.write('replies', this.random.id(), { thread, author: this.name, body: `reply ${n}` });
		} else if (action === 'change' || action === 'delete') {
			const key = this.random.pick(mine) ?? '';
			const kind: Kind = this.threads.has(key) ? 'threads' : 'replies';
			const current = this.own.get(key);
			if (action === 'delete' || !current) {
				this.doc.getMap(kind).delete(key);
				this.own.set(key, null);
			} else {
				this.write(kind, key, { ...current, body: `${current.body}, edited ${n}` });
			}
		}
	}

	private write(kind: Kind, key: string, value: ThreadRecord | ReplyRecord): void {
		this.doc.getMap(kind).set(key, value);
		this.own.set(key, value);
	}
}
