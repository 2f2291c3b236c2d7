/**
 * What every benchmark section hands back to `run.ts`: tables to print, targets judged met or
 * not, and its raw figures for `bench/results.json`. Sections measure; they never fail on timing.
 */
import type { Browser } from 'playwright-core';

export interface BenchContext {
	/** The system's Chromium, shared; each section opens and closes its own contexts. */
	browser: Browser;
	/** The app and its server, started by `run.ts` from the fresh build (http://localhost:PORT). */
	origin: string;
	/** The built PWA (`build/`). */
	buildDir: string;
	/** The repository's root folder. */
	root: string;
}

export interface BenchTable {
	caption: string;
	rows: Record<string, string | number>[];
}

export interface BenchTarget {
	name: string;
	/** The target as the issue states it, e.g. `≤ 80.0 KB`. */
	target: string;
	/** The measured figure, with its unit. */
	value: string;
	met: boolean;
	/** The floor or baseline it is judged beside, when there is one. */
	beside?: string;
}

export interface SectionResult {
	name: string;
	tables: BenchTable[];
	targets: BenchTarget[];
	/** Raw figures for results.json. */
	data: unknown;
}

export type BenchSection = (context: BenchContext) => Promise<SectionResult>;

export function kb(bytes: number): string {
	return `${(bytes / 1024).toFixed(1)} KB`;
}

export function ms(value: number): string {
	return `${Math.round(value)} ms`;
}
