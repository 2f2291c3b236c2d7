/**
 * Reading a kept report or audit entry back from the device (see `report-outbox.ts`). Storage may
 * hand back anything (an older version's item, damaged bytes), so each item is checked and a bad
 * one is skipped, never sent. Checked with the app's own small readers rather than a schema
 * library, which the community page would otherwise load for this one shape.
 */
import {
	REFUSED,
	number,
	object,
	oneOf,
	optional,
	orNull,
	string,
	type Reader
} from '../domain/plain-reader';
import { REPORT_REASONS, type ModerationAction, type ReportTarget } from '../sync/moderation-api';
import type { OutboxItem } from './report-outbox';

const TARGET_KINDS: readonly ReportTarget['kind'][] = ['thread', 'reply', 'person'];
const ACTIONS: readonly ModerationAction[] = ['hide', 'unhide', 'remove'];

const readReport: Reader<OutboxItem> = object({
	kind: oneOf(['report']),
	id: string,
	queuedAt: number,
	body: object({
		communityId: string,
		target: object({
			kind: oneOf(TARGET_KINDS),
			id: string,
			part: optional(string),
			thread: optional(string)
		}),
		reason: oneOf(REPORT_REASONS),
		note: optional(string)
	})
});

const readAudit: Reader<OutboxItem> = object({
	kind: oneOf(['audit']),
	id: string,
	queuedAt: number,
	communityId: string,
	body: object({ action: oneOf(ACTIONS), target: string, reason: optional(string) })
});

/** The item, holding only the fields it knows, or null when it is not one this version sends. */
export function readOutboxItem(raw: unknown): OutboxItem | null {
	const report = readReport(raw);
	return report === REFUSED ? orNull(readAudit(raw)) : report;
}
