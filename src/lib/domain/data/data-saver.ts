/**
 * Whether data saver is in force: the person's own choice when they made one, otherwise what the
 * browser reports about the link (the Network Information API: `saveData` is the Save-Data
 * preference, `effectiveType` the browser's guess at the link's speed). Browsers without the API
 * report nothing, and then data saver stays off until chosen.
 */

export type DataSaverChoice = 'auto' | 'on' | 'off';

/** What `navigator.connection` tells, when it exists. */
export interface LinkReport {
	saveData?: boolean;
	effectiveType?: string;
}

export type DataSaverReason =
	/** The person turned it on, or off. */
	| 'chosen-on'
	| 'chosen-off'
	/** Automatic: the browser asks sites to save data. */
	| 'save-data'
	/** Automatic: the browser reports a 2g (or slower) link. */
	| 'slow-link'
	/** Automatic: the browser reports a faster link and no wish to save data. */
	| 'link-fine'
	/** Automatic: the browser says nothing about the link. */
	| 'no-report';

export interface DataSaverDecision {
	inForce: boolean;
	reason: DataSaverReason;
}

const SLOW_LINKS: ReadonlySet<string> = new Set(['slow-2g', '2g']);

export function decideDataSaver(
	choice: DataSaverChoice,
	report: LinkReport | null
): DataSaverDecision {
	if (choice === 'on') return { inForce: true, reason: 'chosen-on' };
	if (choice === 'off') return { inForce: false, reason: 'chosen-off' };
	if (report === null) return { inForce: false, reason: 'no-report' };
	if (report.saveData === true) return { inForce: true, reason: 'save-data' };
	if (report.effectiveType !== undefined && SLOW_LINKS.has(report.effectiveType)) {
		return { inForce: true, reason: 'slow-link' };
	}
	if (report.saveData === undefined && report.effectiveType === undefined) {
		return { inForce: false, reason: 'no-report' };
	}
	return { inForce: false, reason: 'link-fine' };
}
