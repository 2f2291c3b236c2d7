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

import { MOOD_LEVELS, type JournalEntry, type MoodLevel, type Revision } from './entry';
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

/** Validates a record already in the current shape; throws `InvalidEntryError` otherwise. */
export function parseEntry(raw: unknown): JournalEntry {
	const record = objectAt([], raw);
	const entry: JournalEntry = {
		v: literalAt(['v'], record['v'], CURRENT_ENTRY_VERSION),
		id: idAt(['id'], record['id']),
		createdAt: millisAt(['createdAt'], record['createdAt']),
		revisions: revisionsAt(['revisions'], record['revisions']),
		deletedAt: nullableAt(['deletedAt'], record['deletedAt'], millisAt)
	};
	onlyKeys([], record, ENTRY_KEYS);
	checkRevisionGraph(entry.revisions);
	return entry;
}

/** The pre-release prototype's record; loose, as the prototype never rejected extra fields. */
function parseV0(raw: Record<string, unknown>) {
	return {
		id: idAt(['id'], raw['id']),
		createdAt: millisAt(['createdAt'], raw['createdAt']),
		text: stringAt(['text'], raw['text']),
		mood: nullableAt(['mood'], raw['mood'], numberAt),
		tags: stringsAt(['tags'], raw['tags'])
	};
}

/**
 * `MIGRATIONS[n]` turns a version-n record into a version n+1 record (not yet validated as
 * such). Each step checks the shape it reads first, so a bad old record fails in its own terms.
 */
const MIGRATIONS: readonly ((record: Record<string, unknown>) => Record<string, unknown>)[] = [
	function fromV0(record) {
		const old = parseV0(record);
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

/*
 * The record's shape, checked by hand rather than with a schema library: every journal page reads
 * records at start, and this keeps such a library out of the code those pages load first. Each
 * check returns the value it accepted (copied, so the entry never shares objects with what storage
 * handed back) or throws `InvalidEntryError` naming where the record is wrong. Fields are checked
 * in the order the types list them, so the first problem reported is the first field that has one.
 */

const ENTRY_KEYS: readonly string[] = ['v', 'id', 'createdAt', 'revisions', 'deletedAt'];
const REVISION_KEYS: readonly string[] = [
	'id',
	'parent',
	'at',
	'device',
	'text',
	'mood',
	'tags',
	'prompt'
];
/** Keys an object literal cannot hold as plain data: a revision stored under one is refused
 *  rather than risk it becoming the object's prototype. */
const RESERVED_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function invalid(path: EntryPath, detail: string): InvalidEntryError {
	return new InvalidEntryError('invalid-entry', path, detail);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'string' ? JSON.stringify(value).slice(0, 40) : typeof value;
}

function objectAt(path: EntryPath, value: unknown): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalid(
			path,
			path.length === 0 ? 'not an object' : `expected an object, got ${describe(value)}`
		);
	}
	return value as Record<string, unknown>;
}

function onlyKeys(path: EntryPath, value: Record<string, unknown>, known: readonly string[]): void {
	for (const key of Object.keys(value)) {
		if (!known.includes(key)) throw invalid([...path, key], 'unknown field');
	}
}

function literalAt<T extends number>(path: EntryPath, value: unknown, expected: T): T {
	if (value !== expected) throw invalid(path, `expected ${expected}, got ${describe(value)}`);
	return expected;
}

function stringAt(path: EntryPath, value: unknown, maxLength = Infinity): string {
	if (typeof value !== 'string') throw invalid(path, `expected a string, got ${describe(value)}`);
	if (value.length > maxLength) throw invalid(path, `longer than ${maxLength} characters`);
	return value;
}

function idAt(path: EntryPath, value: unknown): string {
	const id = stringAt(path, value, MAX_ENTRY_ID_LENGTH);
	if (id.length === 0) throw invalid(path, 'empty id');
	return id;
}

function numberAt(path: EntryPath, value: unknown): number {
	if (typeof value !== 'number') throw invalid(path, `expected a number, got ${describe(value)}`);
	return value;
}

function millisAt(path: EntryPath, value: unknown): number {
	const millis = numberAt(path, value);
	if (!Number.isSafeInteger(millis) || millis < 0) {
		throw invalid(path, `expected a time in whole milliseconds, got ${millis}`);
	}
	return millis;
}

function nullableAt<T>(
	path: EntryPath,
	value: unknown,
	check: (path: EntryPath, value: unknown) => T
): T | null {
	return value === null ? null : check(path, value);
}

function stringsAt(path: EntryPath, value: unknown): string[] {
	if (!Array.isArray(value)) throw invalid(path, `expected a list, got ${describe(value)}`);
	return value.map((item: unknown, index) => stringAt([...path, index], item));
}

function hlcAt(path: EntryPath, value: unknown): string {
	const at = stringAt(path, value);
	if (!isHlc(at)) throw invalid(path, 'not a hybrid logical clock timestamp');
	return at;
}

function moodAt(path: EntryPath, value: unknown): MoodLevel {
	const mood = MOOD_LEVELS.find((level) => level === value);
	if (mood === undefined)
		throw invalid(path, `expected a mood from 1 to 5, got ${describe(value)}`);
	return mood;
}

function revisionsAt(path: EntryPath, value: unknown): Record<string, Revision> {
	const record = objectAt(path, value);
	const revisions: Record<string, Revision> = {};
	for (const [key, raw] of Object.entries(record)) {
		if (RESERVED_KEYS.has(key)) throw invalid([...path, key], 'reserved revision key');
		revisions[key] = revisionAt([...path, key], raw);
	}
	return revisions;
}

function revisionAt(path: EntryPath, value: unknown): Revision {
	const record = objectAt(path, value);
	const revision: Revision = {
		id: idAt([...path, 'id'], record['id']),
		parent: nullableAt([...path, 'parent'], record['parent'], idAt),
		at: hlcAt([...path, 'at'], record['at']),
		device: idAt([...path, 'device'], record['device']),
		text: stringAt([...path, 'text'], record['text'], MAX_ENTRY_TEXT_LENGTH),
		mood: nullableAt([...path, 'mood'], record['mood'], moodAt),
		tags: stringsAt([...path, 'tags'], record['tags']),
		prompt: nullableAt([...path, 'prompt'], record['prompt'], idAt)
	};
	onlyKeys(path, record, REVISION_KEYS);
	return revision;
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
