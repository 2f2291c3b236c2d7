// Background compaction: after a room has been quiet for a moment, its log of small updates is
// merged into a few bounded pieces, so loading a room reads a handful of rows instead of one per
// keystroke. Compaction is an optimisation only: if it fails, the log stays as it was and is still
// complete, so failures are logged and never reach the caller of `schedule`.
import { compactPieces } from './compact-pieces';
import type { DocumentStore } from './document-store';

/** Where compaction failures go; the server's Logger fits. Messages never hold room content. */
export interface CompactorLogger {
	warn(message: string, cause?: unknown): void;
}

export interface CompactorOptions {
	store: DocumentStore;
	logger: CompactorLogger;
	/** Largest piece compaction writes (default 64 KiB). */
	maxPieceBytes?: number;
	/** Pieces a room needs, beyond those its last compaction left, before it is compacted (32). */
	minPieces?: number;
	/** Quiet time after the last `schedule` before compacting, in ms (default 2000). */
	delayMs?: number;
	/** Longest wait after the first of a run of `schedule`s, so a busy room still gets compacted. */
	maxDelayMs?: number;
	/**
	 * Turns a room's log into the pieces that replace it, each at most `maxPieceBytes` (bar a
	 * single indivisible item). The default merges updates as they are (`compactPieces`), which
	 * keeps the content of deleted items; the server passes a rebuild from a garbage-collected
	 * document, so that what people delete is really gone from the store.
	 */
	rebuild?: (updates: Uint8Array[], maxPieceBytes: number) => Uint8Array[];
}

export interface Compactor {
	/** Call after appending to `room`: compacts it once it is quiet, if it has enough pieces. */
	schedule(room: string): void;
	/**
	 * Compacts `room` now, whatever its size, after any compaction of it already running, and
	 * rejects if that fails: used after an account's posts are deleted, so their content leaves
	 * the stored log at once rather than at some later compaction.
	 */
	compactNow(room: string): Promise<void>;
	/** Resolves once no compaction is running (pending timers are not waited for). */
	idle(): Promise<void>;
	/** Cancels pending compactions and waits for running ones; later `schedule`s do nothing. */
	close(): Promise<void>;
}

export const DEFAULT_MAX_PIECE_BYTES = 64 * 1024;
export const DEFAULT_MIN_PIECES = 32;
export const DEFAULT_COMPACTION_DELAY_MS = 2000;

interface RoomState {
	timer?: ReturnType<typeof setTimeout>;
	/** When the current run of schedules began; bounds how long a busy room waits. */
	firstScheduledAt?: number;
	running?: Promise<void>;
	/** Scheduled again while running: look again once the running compaction ends. */
	again: boolean;
	/**
	 * Pieces the last compaction left. A log whose pieces are already full cannot shrink, so it is
	 * only looked at again after `minPieces` more appends, not after every one.
	 */
	settled: number;
}

function positiveInteger(name: string, value: number): number {
	if (!Number.isSafeInteger(value) || value < 1) {
		throw new RangeError(`${name} must be a positive whole number, not ${value}.`);
	}
	return value;
}

export function createCompactor(options: CompactorOptions): Compactor {
	const { store, logger } = options;
	const rebuild = options.rebuild ?? compactPieces;
	const maxPieceBytes = positiveInteger(
		'maxPieceBytes',
		options.maxPieceBytes ?? DEFAULT_MAX_PIECE_BYTES
	);
	const minPieces = positiveInteger('minPieces', options.minPieces ?? DEFAULT_MIN_PIECES);
	const delayMs = Math.max(0, options.delayMs ?? DEFAULT_COMPACTION_DELAY_MS);
	const maxDelayMs = Math.max(delayMs, options.maxDelayMs ?? delayMs * 10);
	const rooms = new Map<string, RoomState>();
	let closed = false;

	function arm(room: string, state: RoomState): void {
		const now = Date.now();
		state.firstScheduledAt ??= now;
		const due = Math.min(now + delayMs, state.firstScheduledAt + maxDelayMs);
		clearTimeout(state.timer);
		state.timer = setTimeout(() => start(room, state), Math.max(0, due - now));
		// A pending compaction is no reason to keep the process alive.
		state.timer.unref?.();
	}

	function start(room: string, state: RoomState): void {
		state.timer = undefined;
		state.firstScheduledAt = undefined;
		state.running = compactRoom(room, state).finally(() => {
			state.running = undefined;
			if (state.again && !closed) {
				state.again = false;
				arm(room, state);
			}
		});
	}

	async function compactRoom(room: string, state: RoomState): Promise<void> {
		try {
			const { pieces } = await store.stats(room);
			// Fewer pieces than last time: the room was deleted or compacted elsewhere.
			if (pieces < state.settled) state.settled = 0;
			if (pieces < Math.max(minPieces, state.settled + minPieces)) return;
			const log = await store.load(room);
			const last = log.at(-1);
			if (last === undefined) return;
			const merged = rebuild(
				log.map((piece) => piece.update),
				maxPieceBytes
			);
			if (merged.length < log.length) {
				// Up to the last piece loaded: anything appended since stays after the merged ones.
				await store.compact(room, last.seq, merged);
			}
			// Only once it worked: after a failure the room is tried again at its next schedule.
			state.settled = merged.length;
		} catch (cause: unknown) {
			logger.warn(`Compacting room ${JSON.stringify(room)} failed; its log is unchanged.`, cause);
		}
	}

	/** Every piece of the log rebuilt, even when that does not make it shorter. */
	async function rewriteRoom(room: string, state: RoomState): Promise<void> {
		const log = await store.load(room);
		const last = log.at(-1);
		if (last === undefined) return;
		const updates = log.map((piece) => piece.update);
		let merged = rebuild(updates, maxPieceBytes);
		// A log of a few large pieces may rebuild into more pieces than it holds, which `compact`
		// cannot place; then as one piece (the first sync splits what it sends).
		if (merged.length > log.length) merged = rebuild(updates, Number.MAX_SAFE_INTEGER);
		await store.compact(room, last.seq, merged);
		state.settled = merged.length;
	}

	return {
		async compactNow(room) {
			if (closed) throw new Error('The compactor is closed.');
			let state = rooms.get(room);
			if (state === undefined) {
				state = { again: false, settled: 0 };
				rooms.set(room, state);
			}
			while (state.running !== undefined) await state.running;
			clearTimeout(state.timer);
			state.timer = undefined;
			state.firstScheduledAt = undefined;
			const run = rewriteRoom(room, state);
			const current = state;
			current.running = run
				.catch(() => {})
				.finally(() => {
					current.running = undefined;
					if (current.again && !closed) {
						current.again = false;
						arm(room, current);
					}
				});
			await run;
		},

		schedule(room) {
			if (closed) return;
			let state = rooms.get(room);
			if (state === undefined) {
				state = { again: false, settled: 0 };
				rooms.set(room, state);
			}
			// Never two compactions of one room at once: the second would load a log the first is
			// about to replace. Look again when the running one ends instead.
			if (state.running !== undefined) state.again = true;
			else arm(room, state);
		},

		async idle() {
			// A finished compaction may arm a timer but never starts another run by itself, so
			// one pass over what is running now is enough.
			await Promise.all([...rooms.values()].map((state) => state.running));
		},

		async close() {
			closed = true;
			for (const state of rooms.values()) {
				clearTimeout(state.timer);
				state.timer = undefined;
			}
			await Promise.all([...rooms.values()].map((state) => state.running));
		}
	};
}
