/**
 * The data meter's bookkeeping: this month's bytes on this phone, as the page could see them.
 *
 * Two kinds, counted apart: `http` (what Resource Timing reports for this origin: bytes received
 * on the wire, with headers and compression; nothing when served from a cache; requests get a
 * rough fixed size, as no browser reports them) and `sync` (WebSocket message payloads, before
 * compression and without frame headers: the server's own count is closer and wins when it
 * answers). Months are UTC, as the server counts them, so the two agree on when a month starts.
 */

export interface ByteCount {
	sent: number;
	received: number;
}

export interface MonthTotals {
	/** `yyyy-mm`, UTC. */
	month: string;
	http: ByteCount;
	sync: ByteCount;
}

/** What the server counted for this phone this month (GET /api/usage/:meterId). */
export interface ServerUsage {
	month: string;
	/** Server → this phone. */
	sent: number;
	/** This phone → server. */
	received: number;
}

export interface DataEstimate {
	sent: number;
	received: number;
	/** Whose count the sync bytes are: the server's (on the wire) or the page's (payloads). */
	syncCountedBy: 'server' | 'page';
}

/** A request's line and headers, roughly: browsers report what came back, never what went. */
export const REQUEST_BYTES_ESTIMATE = 500;

export function monthOf(time: number): string {
	return new Date(time).toISOString().slice(0, 7);
}

export function emptyMonth(month: string): MonthTotals {
	return { month, http: { sent: 0, received: 0 }, sync: { sent: 0, received: 0 } };
}

/**
 * The stored totals for `month`; zero for another month (a new month starts empty) and for
 * anything damaged (a wrong estimate is better than a meter that stops the app).
 */
export function readMonthTotals(stored: unknown, month: string): MonthTotals {
	if (!isRecord(stored) || stored.month !== month) return emptyMonth(month);
	const http = readCount(stored.http);
	const sync = readCount(stored.sync);
	if (http === null || sync === null) return emptyMonth(month);
	return { month, http, sync };
}

/** Adds bytes to the totals, starting the month afresh when `month` is a new one. */
export function addBytes(
	totals: MonthTotals,
	month: string,
	kind: keyof Pick<MonthTotals, 'http' | 'sync'>,
	bytes: Partial<ByteCount>
): MonthTotals {
	const base = totals.month === month ? totals : emptyMonth(month);
	const count = base[kind];
	return {
		...base,
		[kind]: {
			sent: count.sent + clean(bytes.sent),
			received: count.received + clean(bytes.received)
		}
	};
}

/** This month's estimate: HTTP as the page saw it, sync as the server counted it if it answered. */
export function estimateMonth(totals: MonthTotals, server: ServerUsage | null): DataEstimate {
	const fromServer = server !== null && server.month === totals.month;
	const sync = fromServer ? { sent: server.received, received: server.sent } : totals.sync;
	return {
		sent: totals.http.sent + sync.sent,
		received: totals.http.received + sync.received,
		syncCountedBy: fromServer ? 'server' : 'page'
	};
}

function clean(value: number | undefined): number {
	return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function readCount(value: unknown): ByteCount | null {
	if (!isRecord(value)) return null;
	const { sent, received } = value;
	if (!isCount(sent) || !isCount(received)) return null;
	return { sent, received };
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
