/**
 * Reading a stored journal record back into a `JournalEntry`.
 *
 * Storage hands back whatever was on disk: a record this version wrote, one an older version
 * wrote, one a newer version wrote (after the person reinstalled an older build), or bytes that
 * were damaged. `migrateEntry` brings older records up to the current shape, one version step at
 * a time; `parseEntry` then accepts only a record that satisfies every invariant the journal code
 * relies on, so that code never has to defend itself against a half-valid entry.
 *
 * Record versions:
 * - v0, the pre-release prototype (never shipped; kept so the migration path is exercised):
 *   `{ id, createdAt, text, mood, tags }`, one text per entry, no revisions, no `v` field.
 * - v1, current: see `entry.ts`.
 */

import * as v from 'valibot';
import { MOOD_LEVELS, type JournalEntry, type Revision } from './entry';
import { formatHlc, isHlc } from './hlc';

export const CURRENT_ENTRY_VERSION = 1 satisfies JournalEntry['v'];

/** In UTF-16 code units, as `String.prototype.length` counts: about 40 printed pages. */
export const MAX_ENTRY_TEXT_LENGTH = 100_000;

/** Ids are random tokens; the cap only stops a damaged record from carrying a huge key. */
export const MAX_ENTRY_ID_LENGTH = 256;

/** The device and HLC node named on the revision that a v0 record becomes. */
export const PRE_RELEASE_DEVICE = 'pre-release';

export type EntryPath = readonly (string | number)[];

export type InvalidEntryCode =
	/** The record is damaged, or is not a journal record at all. */
	| 'invalid-entry'
	/** A newer version of the app wrote it; this version cannot read it, but must not lose it. */
	| 'entry-version-unsupported';

export class InvalidEntryError extends Error {
	constructor(
		readonly code: InvalidEntryCode,
		/** Where in the record the problem is; empty for the record as a whole. */
		readonly path: EntryPath,
		detail: string
	) {
		super(`Invalid journal record at ${formatPath(path)}: ${detail}`);
		this.name = 'InvalidEntryError';
	}
}

const idSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ENTRY_ID_LENGTH));
const millisSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

const revisionSchema = v.strictObject({
	id: idSchema,
	parent: v.nullable(idSchema),
	at: v.pipe(v.string(), v.check(isHlc, 'not a hybrid logical clock timestamp')),
	device: idSchema,
	text: v.pipe(v.string(), v.maxLength(MAX_ENTRY_TEXT_LENGTH)),
	mood: v.nullable(v.picklist(MOOD_LEVELS)),
	tags: v.array(v.string()),
	prompt: v.nullable(idSchema)
});

const entrySchema = v.strictObject({
	v: v.literal(CURRENT_ENTRY_VERSION),
	id: idSchema,
	createdAt: millisSchema,
	revisions: v.record(v.string(), revisionSchema),
	deletedAt: v.nullable(millisSchema)
});

/** Validates a record already in the current shape; throws `InvalidEntryError` otherwise. */
export function parseEntry(raw: unknown): JournalEntry {
	// valibot's object schemas accept arrays; a record is never one.
	if (Array.isArray(raw)) throw new InvalidEntryError('invalid-entry', [], 'not an object');
	const entry = validate(entrySchema, raw) satisfies JournalEntry;
	checkRevisionKeys(raw, entry);
	checkRevisionGraph(entry.revisions);
	return entry;
}

/** The pre-release prototype's record; loose, as the prototype never rejected extra fields. */
const v0Schema = v.object({
	id: idSchema,
	createdAt: millisSchema,
	text: v.string(),
	mood: v.nullable(v.number()),
	tags: v.array(v.string())
});

/**
 * `MIGRATIONS[n]` turns a version-n record into a version n+1 record (not yet validated as
 * such). Each step checks the shape it reads first, so a bad old record fails in its own terms.
 */
const MIGRATIONS: readonly ((record: Record<string, unknown>) => Record<string, unknown>)[] = [
	function fromV0(record) {
		const old = validate(v0Schema, record);
		// Derived from the entry id, so migrating the same record twice (two tabs, a retry)
		// yields the same revision rather than two competing ones.
		const revisionId = `${old.id}:v0`;
		return {
			v: 1,
			id: old.id,
			createdAt: old.createdAt,
			revisions: {
				[revisionId]: {
					id: revisionId,
					parent: null,
					at: preReleaseTimestamp(old.createdAt),
					device: PRE_RELEASE_DEVICE,
					text: old.text,
					mood: old.mood,
					tags: old.tags,
					prompt: null
				}
			},
			deletedAt: null
		};
	}
];

/**
 * Upgrades a record written by an older version to the current shape. Returns a current-version
 * record as it is (a shallow copy, not yet validated); throws `InvalidEntryError` for records it cannot place, including those a
 * newer version wrote (code `entry-version-unsupported`).
 */
export function migrateEntry(raw: unknown): unknown {
	let record = asRecord(raw);
	for (let version = readVersion(record); version < CURRENT_ENTRY_VERSION; version++) {
		const step = MIGRATIONS[version];
		if (step === undefined) {
			throw new InvalidEntryError('invalid-entry', ['v'], `no migration from version ${version}`);
		}
		record = step(record);
	}
	return record;
}

function readVersion(record: Record<string, unknown>): number {
	// Only the pre-release prototype wrote records without a version.
	if (!Object.hasOwn(record, 'v')) return 0;
	const version = record['v'];
	if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
		throw new InvalidEntryError('invalid-entry', ['v'], 'version is not a whole number');
	}
	if (version > CURRENT_ENTRY_VERSION) {
		throw new InvalidEntryError(
			'entry-version-unsupported',
			['v'],
			`version ${version} is newer than ${CURRENT_ENTRY_VERSION}`
		);
	}
	return version;
}

function asRecord(raw: unknown): Record<string, unknown> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new InvalidEntryError('invalid-entry', [], 'not an object');
	}
	// An object's own string keys are exactly what a Record<string, unknown> describes.
	return { ...raw };
}

function preReleaseTimestamp(createdAt: number): string {
	try {
		return formatHlc({ wall: createdAt, counter: 0, node: PRE_RELEASE_DEVICE });
	} catch (e: unknown) {
		const detail = e instanceof Error ? e.message : String(e);
		throw new InvalidEntryError('invalid-entry', ['createdAt'], detail);
	}
}

function validate<TSchema extends v.GenericSchema>(
	schema: TSchema,
	raw: unknown
): v.InferOutput<TSchema> {
	const result = v.safeParse(schema, raw);
	if (result.success) return result.output;
	const [issue] = result.issues;
	const path = (issue.path ?? []).flatMap((item) =>
		typeof item.key === 'string' || typeof item.key === 'number' ? [item.key] : []
	);
	throw new InvalidEntryError('invalid-entry', path, issue.message);
}

/**
 * valibot drops the keys `__proto__`, `prototype` and `constructor` from records as a guard
 * against prototype pollution. A revision stored under one of them would vanish silently, so
 * such a record is refused instead.
 */
function checkRevisionKeys(raw: unknown, entry: JournalEntry): void {
	const rawRevisions: unknown =
		typeof raw === 'object' && raw !== null && 'revisions' in raw ? raw.revisions : null;
	const keys =
		typeof rawRevisions === 'object' && rawRevisions !== null ? Object.keys(rawRevisions) : [];
	for (const key of keys) {
		if (!Object.hasOwn(entry.revisions, key)) {
			throw new InvalidEntryError('invalid-entry', ['revisions', key], 'reserved revision key');
		}
	}
}

function checkRevisionGraph(revisions: Record<string, Revision>): void {
	const keys = Object.keys(revisions);
	if (keys.length === 0) {
		throw new InvalidEntryError('invalid-entry', ['revisions'], 'an entry needs a revision');
	}
	for (const [key, revision] of Object.entries(revisions)) {
		if (revision.id !== key) {
			throw new InvalidEntryError(
				'invalid-entry',
				['revisions', key, 'id'],
				`stored under ${JSON.stringify(key)} but its id is ${JSON.stringify(revision.id)}`
			);
		}
		if (revision.parent !== null && !Object.hasOwn(revisions, revision.parent)) {
			throw new InvalidEntryError(
				'invalid-entry',
				['revisions', key, 'parent'],
				`parent ${JSON.stringify(revision.parent)} is not in this entry`
			);
		}
	}
	// Domain code walks parents to find heads and history; a loop would make that walk endless.
	const settled = new Set<string>();
	for (const start of keys) {
		const trail = new Set<string>();
		let current: string | null = start;
		while (current !== null && !settled.has(current)) {
			if (trail.has(current)) {
				throw new InvalidEntryError(
					'invalid-entry',
					['revisions', current, 'parent'],
					'revisions form a loop'
				);
			}
			trail.add(current);
			current = revisions[current]?.parent ?? null;
		}
		for (const id of trail) settled.add(id);
	}
}

function formatPath(path: EntryPath): string {
	return path.length === 0 ? '(record)' : path.map((key) => JSON.stringify(key)).join('.');
}
