// A rough monthly count of the bytes each phone's sync connections cost on the wire, so the app's
// data meter can show what the page itself cannot see (compressed WebSocket frames and their
// headers). Counted from the TCP socket (bytesRead, bytesWritten), upgrade request included.
//
// A phone names itself with a "meter id": 128 random bits made once per install, sent as the
// `meter` query parameter of its sync URLs. The id is not tied to the signed-in identity here (it
// is never stored next to it, never logged), and totals live in memory only: per id, for the
// current UTC month, forgotten `expiryMs` after the id was last seen, and at most `maxEntries`
// ids (the least recently seen go first). A restart forgets everything; the app then falls back
// to its own count, which is why it is labelled an estimate.
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** 16 bytes as unpadded base64url. */
export const METER_ID = /^[A-Za-z0-9_-]{22}$/;
export const DEFAULT_EXPIRY_MS = 40 * 24 * 60 * 60_000;
export const DEFAULT_MAX_ENTRIES = 50_000;

export interface UsageMeterOptions {
	now?: () => number;
	expiryMs?: number;
	maxEntries?: number;
}

export interface MonthUsage {
	/** The UTC month, `yyyy-mm`. */
	month: string;
	/** Bytes the server sent to this phone. */
	sent: number;
	/** Bytes the server received from this phone. */
	received: number;
}

interface Entry extends MonthUsage {
	seenAt: number;
}

interface Watched {
	meterId: string;
	socket: Socket;
	/** What the socket had counted when last added to the totals. */
	read: number;
	written: number;
}

export function utcMonth(time: number): string {
	return new Date(time).toISOString().slice(0, 7);
}

/** The `meter` query parameter of a request, when it is a well-formed meter id. */
export function meterIdFrom(req: IncomingMessage): string | null {
	const query = (req.url ?? '').split('?')[1];
	if (query === undefined) return null;
	const id = new URLSearchParams(query).get('meter');
	return id !== null && METER_ID.test(id) ? id : null;
}

export class UsageMeter {
	readonly #entries = new Map<string, Entry>();
	readonly #live = new Set<Watched>();
	readonly #now: () => number;
	readonly #expiryMs: number;
	readonly #maxEntries: number;

	constructor(options: UsageMeterOptions = {}) {
		this.#now = options.now ?? Date.now;
		this.#expiryMs = options.expiryMs ?? DEFAULT_EXPIRY_MS;
		this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
	}

	/** Starts counting a sync connection's socket, if its request carries a meter id. */
	watch(req: IncomingMessage, socket: Duplex): void {
		const meterId = meterIdFrom(req);
		if (meterId === null || !(socket instanceof Socket)) return;
		const watched: Watched = { meterId, socket, read: 0, written: 0 };
		this.#live.add(watched);
		this.#fold(watched);
		socket.once('close', () => {
			this.#fold(watched);
			this.#live.delete(watched);
		});
	}

	/** This month's totals for a meter id, live connections included; undefined if unknown. */
	usage(meterId: string): MonthUsage | undefined {
		for (const watched of this.#live) if (watched.meterId === meterId) this.#fold(watched);
		const entry = this.#entries.get(meterId);
		if (entry === undefined) return undefined;
		const time = this.#now();
		if (time - entry.seenAt > this.#expiryMs) {
			this.#entries.delete(meterId);
			return undefined;
		}
		const month = utcMonth(time);
		if (entry.month !== month) return { month, sent: 0, received: 0 };
		return { month, sent: entry.sent, received: entry.received };
	}

	/** How many meter ids are remembered (for tests of the bounds). */
	get size(): number {
		return this.#entries.size;
	}

	/** Adds what the socket counted since last time to its meter's month. */
	#fold(watched: Watched): void {
		const { socket } = watched;
		const read = socket.bytesRead;
		const written = socket.bytesWritten;
		const time = this.#now();
		const month = utcMonth(time);
		const known = this.#entries.get(watched.meterId);
		const entry: Entry =
			known !== undefined && known.month === month && time - known.seenAt <= this.#expiryMs
				? known
				: { month, sent: 0, received: 0, seenAt: time };
		entry.received += read - watched.read;
		entry.sent += written - watched.written;
		entry.seenAt = time;
		watched.read = read;
		watched.written = written;
		// Re-inserted, so the map stays in order of last sight and the oldest are at the front.
		this.#entries.delete(watched.meterId);
		this.#entries.set(watched.meterId, entry);
		this.#forgetOld(time);
	}

	#forgetOld(time: number): void {
		for (const [id, entry] of this.#entries) {
			const tooMany = this.#entries.size > this.#maxEntries;
			if (!tooMany && time - entry.seenAt <= this.#expiryMs) break;
			this.#entries.delete(id);
		}
	}
}
