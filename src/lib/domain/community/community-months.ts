/**
 * Which of a community's documents a device follows.
 *
 * A community is one document per UTC calendar month of thread creation (a "part", `yyyy-mm`,
 * room `community:<id>:<part>`), so no single document grows without bound. A device follows the
 * current and the previous month (what people are talking about), every month holding something
 * this person wrote (so replies to them arrive), and every earlier month they chose to open.
 */

import type { HlcTimestamp } from '../journal/entry';
import { parseHlc } from '../journal/hlc';

const PART_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface FollowInput {
	/** Now, in epoch milliseconds (from the clock, not the phone's wall time alone). */
	now: number;
	/** Months holding something this person wrote. */
	authored: Iterable<string>;
	/** Earlier months the person opened with "show earlier". */
	opened: Iterable<string>;
}

export function isMonthPart(value: string): boolean {
	return PART_PATTERN.test(value);
}

/** The UTC month of an instant, as a part name. */
export function monthOfTime(ms: number): string {
	const date = new Date(ms);
	const month = String(date.getUTCMonth() + 1).padStart(2, '0');
	return `${String(date.getUTCFullYear()).padStart(4, '0')}-${month}`;
}

/** The month a record written at this hybrid logical clock time belongs to. */
export function monthOfHlc(at: HlcTimestamp): string {
	return monthOfTime(parseHlc(at).wall);
}

/** The month before `part`. */
export function previousMonth(part: string): string {
	const match = PART_PATTERN.exec(part);
	if (match === null) throw new RangeError(`Not a month part: ${part}`);
	const year = Number(match[1]);
	const month = Number(match[2]);
	return month === 1
		? `${String(year - 1).padStart(4, '0')}-12`
		: `${match[1]}-${String(month - 1).padStart(2, '0')}`;
}

/** The room of one part of a community. */
export function communityRoom(communityId: string, part: string): string {
	return `community:${communityId}:${part}`;
}

/** The part a room of this community holds, or null for another community's or a malformed one. */
export function partOfRoom(communityId: string, room: string): string | null {
	const prefix = `community:${communityId}:`;
	if (!room.startsWith(prefix)) return null;
	const part = room.slice(prefix.length);
	return isMonthPart(part) ? part : null;
}

/** The months to follow, newest first, each once; malformed names are ignored. */
export function monthsToFollow({ now, authored, opened }: FollowInput): string[] {
	const current = monthOfTime(now);
	const months = new Set([current, previousMonth(current)]);
	for (const part of [...authored, ...opened]) if (isMonthPart(part)) months.add(part);
	return [...months].sort().reverse();
}
