/**
 * What the mood view shows: one point per calendar day over the last 30 or 90 days, and a
 * summary of them. Check-ins are live entries with a mood, counted on the local day they were
 * begun; deleted entries are left out.
 *
 * The summary states what happened ("3 check-ins, mostly 4") rather than judging it; the words
 * are the UI's, from the message catalogue.
 */

import { dayKey, shiftDayKey } from './day-key';
import type { JournalEntryView, MoodLevel } from './entry';
import { liveViews } from './live-views';

export type MoodWindow = 30 | 90;

export interface MoodSeriesOptions {
	days: MoodWindow;
	/** Wall-clock milliseconds; the window ends on this moment's local day. */
	now: number;
	/** An IANA time zone; the device's if omitted. */
	timeZone?: string;
}

export interface MoodDay {
	/** 'YYYY-MM-DD' */
	day: string;
	/** Mean mood of the day's check-ins; null on a day without one. */
	average: number | null;
	count: number;
	lowest: MoodLevel | null;
	highest: MoodLevel | null;
}

export type MoodTrend = 'rising' | 'falling' | 'steady' | 'not-enough';

export interface MoodSummary {
	checkIns: number;
	daysWithCheckIn: number;
	/** Mean over every check-in (not over days); null without any. */
	average: number | null;
	lowest: MoodLevel | null;
	highest: MoodLevel | null;
	/** The second half of the window against the first. */
	trend: MoodTrend;
}

export interface TagCount {
	tag: string;
	count: number;
}

/** How far apart the halves' averages must be, in mood levels, to call it a trend. */
export const TREND_THRESHOLD = 0.5;
/** Check-ins each half needs before a trend means anything. */
export const TREND_MIN_CHECK_INS = 2;

/** One point per day of the window, oldest first, with gaps as nulls. */
export function moodSeries(
	views: readonly JournalEntryView[],
	{ days, now, timeZone }: MoodSeriesOptions
): MoodDay[] {
	const series = windowDays(days, now, timeZone).map((day): MoodDay => ({
		day,
		average: null,
		count: 0,
		lowest: null,
		highest: null
	}));
	const byDay = new Map(series.map((point) => [point.day, point]));
	const sums = new Map<string, number>();
	for (const view of liveViews(views)) {
		if (view.mood === null) continue;
		const day = dayKey(view.createdAt, timeZone);
		const point = byDay.get(day);
		if (point === undefined) continue;
		const sum = (sums.get(day) ?? 0) + view.mood;
		sums.set(day, sum);
		point.count++;
		point.average = sum / point.count;
		point.lowest = point.lowest === null ? view.mood : lower(point.lowest, view.mood);
		point.highest = point.highest === null ? view.mood : higher(point.highest, view.mood);
	}
	return series;
}

export function moodSummary(series: readonly MoodDay[]): MoodSummary {
	const half = Math.floor(series.length / 2);
	const all = totals(series);
	const first = totals(series.slice(0, half));
	const second = totals(series.slice(series.length - half));
	let lowest: MoodLevel | null = null;
	let highest: MoodLevel | null = null;
	for (const point of series) {
		if (point.lowest !== null)
			lowest = lowest === null ? point.lowest : lower(lowest, point.lowest);
		if (point.highest !== null) {
			highest = highest === null ? point.highest : higher(highest, point.highest);
		}
	}
	return {
		checkIns: all.count,
		daysWithCheckIn: series.filter((point) => point.count > 0).length,
		average: all.count === 0 ? null : all.sum / all.count,
		lowest,
		highest,
		trend: trend(first, second)
	};
}

/** The tags used most on live entries in the window, most used first, then by name. */
export function commonMoodTags(
	views: readonly JournalEntryView[],
	{ days, now, timeZone, limit = 5 }: MoodSeriesOptions & { limit?: number }
): TagCount[] {
	const inWindow = new Set(windowDays(days, now, timeZone));
	const counts = new Map<string, number>();
	for (const view of liveViews(views)) {
		if (!inWindow.has(dayKey(view.createdAt, timeZone))) continue;
		for (const tag of new Set(view.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
	}
	return [...counts]
		.map(([tag, count]) => ({ tag, count }))
		.sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
		.slice(0, limit);
}

function windowDays(days: number, now: number, timeZone: string | undefined): string[] {
	const today = dayKey(now, timeZone);
	return Array.from({ length: days }, (_, i) => shiftDayKey(today, i - days + 1));
}

interface Totals {
	sum: number;
	count: number;
}

function totals(series: readonly MoodDay[]): Totals {
	let sum = 0;
	let count = 0;
	for (const point of series) {
		if (point.average === null) continue;
		// Moods are whole numbers, so rounding recovers the day's exact sum from its mean.
		sum += Math.round(point.average * point.count);
		count += point.count;
	}
	return { sum, count };
}

function trend(first: Totals, second: Totals): MoodTrend {
	if (first.count < TREND_MIN_CHECK_INS || second.count < TREND_MIN_CHECK_INS) return 'not-enough';
	// (second mean - first mean) compared with the threshold, cross-multiplied to stay in integers.
	const difference = second.sum * first.count - first.sum * second.count;
	const threshold = TREND_THRESHOLD * first.count * second.count;
	if (difference >= threshold) return 'rising';
	if (difference <= -threshold) return 'falling';
	return 'steady';
}

function lower(a: MoodLevel, b: MoodLevel): MoodLevel {
	return a < b ? a : b;
}

function higher(a: MoodLevel, b: MoodLevel): MoodLevel {
	return a > b ? a : b;
}
