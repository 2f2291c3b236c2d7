/**
 * The geometry of the mood chart, so the component only draws. Mood 5 is at the top, 1 at the
 * bottom; days run left to right, one column per day of the series. A day without a check-in
 * breaks the line: the chart never draws a mood nobody recorded.
 */

import { MOOD_LEVELS, type MoodLevel } from './entry';
import type { MoodDay } from './mood-stats';

export interface ChartBox {
	width: number;
	height: number;
	/** Space kept clear on every side, so dots and strokes at the edges are not cut off. */
	padding: number;
}

export interface ChartPoint {
	x: number;
	y: number;
	day: string;
	average: number;
}

export interface ChartSegment {
	points: ChartPoint[];
	/** The `points` attribute of an SVG <polyline>; a one-point segment is drawn as a dot. */
	polyline: string;
}

export interface MoodChart {
	segments: ChartSegment[];
	/** Where each mood level's grid line goes. */
	levels: { mood: MoodLevel; y: number }[];
}

export function moodChartPoints(series: readonly MoodDay[], box: ChartBox): MoodChart {
	const { width, height, padding } = box;
	const innerWidth = width - 2 * padding;
	const innerHeight = height - 2 * padding;
	if (![width, height, padding].every(Number.isFinite) || innerWidth <= 0 || innerHeight <= 0) {
		throw new RangeError(`Chart box too small: ${width}×${height}, padding ${padding}`);
	}
	const step = series.length > 1 ? innerWidth / (series.length - 1) : 0;
	const x = (i: number) => round(series.length > 1 ? padding + i * step : padding + innerWidth / 2);
	const y = (mood: number) => round(padding + ((5 - mood) / 4) * innerHeight);

	const segments: ChartSegment[] = [];
	let current: ChartPoint[] = [];
	series.forEach((point, i) => {
		if (point.average === null) {
			if (current.length > 0) segments.push(toSegment(current));
			current = [];
			return;
		}
		current.push({ x: x(i), y: y(point.average), day: point.day, average: point.average });
	});
	if (current.length > 0) segments.push(toSegment(current));
	return { segments, levels: MOOD_LEVELS.map((mood) => ({ mood, y: y(mood) })) };
}

function toSegment(points: ChartPoint[]): ChartSegment {
	return { points, polyline: points.map((p) => `${p.x},${p.y}`).join(' ') };
}

/** Two decimals: finer than any screen, and keeps the SVG attribute short. */
function round(value: number): number {
	return Math.round(value * 100) / 100;
}
