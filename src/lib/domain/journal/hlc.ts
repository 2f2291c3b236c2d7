/**
 * A hybrid logical clock (Kulkarni et al., 2014).
 *
 * A timestamp is `WWWWWWWWWWWWWWW-CCCCCC-node`: wall-clock milliseconds as 15 decimal digits,
 * a 6-digit counter, and the id of the node that made it. The fixed widths make plain string
 * comparison agree with causal order, so timestamps sort anywhere strings do (Dexie indexes,
 * `Array.prototype.sort`) without parsing. The node id breaks ties between devices.
 *
 * Device clocks lie. The clock never issues a timestamp at or below one it has issued or
 * received, whatever `now()` says: when the wall clock stalls or moves backwards, the counter
 * advances instead, and when the counter is full the logical wall time is carried forward one
 * millisecond. A remote timestamp too far ahead of our wall clock is refused with
 * `ClockDriftError`, so one device with a clock set to 2099 cannot drag everyone's clocks there.
 */

import type { HlcTimestamp } from './entry';

export const HLC_MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_WALL = 10 ** WALL_DIGITS - 1;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const NODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HLC_PATTERN = /^(\d{15})-(\d{6})-([A-Za-z0-9_-]{1,64})$/;

export interface HlcParts {
	/** Logical wall time, in milliseconds since the epoch. */
	wall: number;
	counter: number;
	node: string;
}

export interface HlcClock {
	readonly nodeId: string;
	/** A timestamp for a local event, greater than every timestamp seen so far. */
	tick(): HlcTimestamp;
	/** Merges a timestamp from elsewhere; returns the timestamp of receiving it. */
	receive(remote: HlcTimestamp): HlcTimestamp;
	/** The greatest timestamp issued or received so far, to persist and pass back as `last`. */
	latest(): HlcTimestamp | null;
}

export interface ClockOptions {
	/** How far ahead of our wall clock a remote timestamp may be before it is refused. */
	maxDriftMs?: number;
	/** The latest timestamp from a previous run, so a restart cannot go backwards in time. */
	last?: HlcTimestamp | null;
}

/** A remote timestamp is further ahead of this device's wall clock than `maxDriftMs`. */
export class ClockDriftError extends Error {
	readonly code = 'clock-drift';

	constructor(
		readonly remote: HlcTimestamp,
		readonly localWall: number,
		readonly maxDriftMs: number
	) {
		super(`Remote timestamp ${remote} is more than ${maxDriftMs} ms ahead of ${localWall}`);
		this.name = 'ClockDriftError';
	}
}

/** A string is not a timestamp in this module's format. */
export class InvalidHlcError extends Error {
	readonly code = 'invalid-hlc';

	constructor(readonly value: string) {
		super(`Not a hybrid logical clock timestamp: ${JSON.stringify(value)}`);
		this.name = 'InvalidHlcError';
	}
}

export function createClock(
	nodeId: string,
	now: () => number = Date.now,
	{ maxDriftMs = HLC_MAX_DRIFT_MS, last = null }: ClockOptions = {}
): HlcClock {
	if (!NODE_PATTERN.test(nodeId)) throw new RangeError(`Invalid HLC node id: ${nodeId}`);
	let state: HlcParts | null = last === null ? null : parseHlc(last);

	function physical(): number {
		return Math.min(Math.max(0, Math.floor(now())), MAX_WALL);
	}

	function advance(wall: number, counter: number): HlcTimestamp {
		state =
			counter > MAX_COUNTER
				? { wall: wall + 1, counter: 0, node: nodeId }
				: { wall, counter, node: nodeId };
		return formatHlc(state);
	}

	return {
		nodeId,
		tick() {
			const pt = physical();
			if (state === null || pt > state.wall) return advance(pt, 0);
			return advance(state.wall, state.counter + 1);
		},
		receive(remote) {
			const r = parseHlc(remote);
			const pt = physical();
			if (r.wall - pt > maxDriftMs) throw new ClockDriftError(remote, pt, maxDriftMs);
			const local = state ?? { wall: -1, counter: -1, node: nodeId };
			const wall = Math.max(local.wall, r.wall, pt);
			if (wall === local.wall && wall === r.wall) {
				return advance(wall, Math.max(local.counter, r.counter) + 1);
			}
			if (wall === local.wall) return advance(wall, local.counter + 1);
			if (wall === r.wall) return advance(wall, r.counter + 1);
			return advance(wall, 0);
		},
		latest() {
			return state === null ? null : formatHlc(state);
		}
	};
}

export function formatHlc({ wall, counter, node }: HlcParts): HlcTimestamp {
	const valid =
		Number.isSafeInteger(wall) &&
		wall >= 0 &&
		wall <= MAX_WALL &&
		Number.isSafeInteger(counter) &&
		counter >= 0 &&
		counter <= MAX_COUNTER &&
		NODE_PATTERN.test(node);
	if (!valid) throw new RangeError(`Cannot format HLC ${wall}/${counter}/${node}`);
	const w = String(wall).padStart(WALL_DIGITS, '0');
	const c = String(counter).padStart(COUNTER_DIGITS, '0');
	return `${w}-${c}-${node}`;
}

export function parseHlc(value: string): HlcParts {
	const match = HLC_PATTERN.exec(value);
	if (match === null) throw new InvalidHlcError(value);
	const [, wall = '', counter = '', node = ''] = match;
	return { wall: Number(wall), counter: Number(counter), node };
}

export function isHlc(value: string): boolean {
	return HLC_PATTERN.test(value);
}

/** The wall-clock milliseconds of a timestamp, for showing a person when something happened. */
export function hlcWallTime(value: HlcTimestamp): number {
	return parseHlc(value).wall;
}

/**
 * Orders timestamps for `Array.prototype.sort`. Plain `<` is enough, but `localeCompare` is
 * not (it ignores punctuation and case), so sort with this rather than reaching for it.
 */
export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
