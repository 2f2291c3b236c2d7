/**
 * The crisis-help directory: which lines to offer, offline, to a person in a given country.
 *
 * The data ships as `src/lib/data/crisis-lines.json` and is parsed here strictly, because a wrong
 * or mistyped number on the crisis page is a safety hazard. Every line names the published page
 * its number was confirmed from (`source`) and when (`checked`): the publication date of that
 * page when it shows one, otherwise the day the page was read. A field we could not confirm is
 * `null` ("not confirmed"), never a guess; the page should simply not mention it.
 *
 * Parsing throws `CrisisDataError` naming the exact path of the first problem, so a bad edit to
 * the JSON fails the unit tests rather than reaching a phone. Because device clocks lie, callers
 * on a device should not let that error hide the page: the shipped file is checked by the tests.
 */

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

export interface CrisisSms {
	/** Digits, with an optional leading "+", to send the text to. */
	number: string;
	/** The word the service asks you to send first, or null when the source names none. */
	body: string | null;
}

export interface CrisisLine {
	/** The service's own name, as people will recognise it. */
	name: string;
	/** One warm, plain sentence in English: what happens when you get in touch. */
	description: string;
	/** The number as it is usually written locally, e.g. "116 123"; null for text-only lines. */
	phone: string | null;
	/** The same number for a `tel:` link: digits only (optionally a leading "+"). */
	tel: string | null;
	sms: CrisisSms | null;
	/** When someone answers, e.g. "24 hours, every day"; null when not confirmed. */
	hours: string | null;
	/** True when the source says calling is free, false when it says it is not, null if unknown. */
	free: boolean | null;
	/** Languages the line answers in (ISO 639 codes); empty when the caller picks from many. */
	languages: string[];
	/** The https page the number was confirmed from. */
	source: string;
	checked: IsoDate;
}

export interface CrisisEmergency {
	/** The number to call in immediate danger, as written locally. */
	phone: string;
	tel: string;
	source: string | null;
}

export interface CrisisCountry {
	/** ISO 3166-1 alpha-2, upper case. */
	code: string;
	/** English name; the page may localise it with `Intl.DisplayNames`. */
	name: string;
	emergency: CrisisEmergency;
	lines: CrisisLine[];
}

export interface CrisisDirectory {
	version: 1;
	/** When the file as a whole was last reviewed. */
	checked: IsoDate;
	countries: CrisisCountry[];
}

/** Raised for any problem in the directory; `path` is e.g. `countries[3].lines[0].tel`. */
export class CrisisDataError extends Error {
	readonly path: string;

	constructor(path: string, problem: string) {
		super(`Invalid crisis directory at ${path || '(root)'}: ${problem}`);
		this.name = 'CrisisDataError';
		this.path = path;
	}
}

const TEL = /^\+?[0-9]{2,15}$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2,3}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A date is "today" somewhere on Earth up to 14 hours before it is in UTC (UTC+14), so a file
// checked this morning in Kiribati must not count as written in the future.
const MAX_UTC_OFFSET_MS = 14 * 60 * 60 * 1000;

function dateToUtcMs(date: IsoDate): number {
	const match = ISO_DATE.exec(date);
	if (!match) return Number.NaN;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const ms = Date.UTC(year, month - 1, day);
	const back = new Date(ms);
	// Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip unchanged.
	const real =
		back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
	return real ? ms : Number.NaN;
}

function isHttpsUrl(value: string): boolean {
	try {
		return new URL(value).protocol === 'https:';
	} catch {
		return false;
	}
}

/*
 * The file's shape, checked by hand rather than with a schema library, which the crisis page
 * would otherwise load. Each check returns the value it accepted or throws `CrisisDataError` naming
 * where the file is wrong; fields are checked in the order the types list them, then unknown
 * fields, so the first problem reported is the first one in the file's own order.
 */

type Check<T> = (at: string, value: unknown) => T;

const MISSING = 'is required but missing (use null for a value that is not confirmed)';
const UNKNOWN = 'is not a known field; remove it, or add it to the checks in crisis-lines.ts';

/** How a value reads in a message: strings quoted, objects by kind. */
function received(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (Array.isArray(value)) return 'Array';
	if (value === null || typeof value !== 'object') return String(value);
	return 'Object';
}

function wrongType(at: string, expected: string, value: unknown): CrisisDataError {
	return new CrisisDataError(at, `expected ${expected} but received ${received(value)}`);
}

const string: Check<string> = (at, value) => {
	if (typeof value !== 'string') throw wrongType(at, 'string', value);
	return value;
};

/** A string that passes `test`, else `problem` (with what was there). */
function text(test: (value: string) => boolean, problem: string): Check<string> {
	return (at, value) => {
		const checked = string(at, value);
		if (!test(checked)) throw new CrisisDataError(at, `${problem} (received ${received(value)})`);
		return checked;
	};
}

function nullable<T>(check: Check<T>): Check<T | null> {
	return (at, value) => (value === null ? null : check(at, value));
}

const boolean: Check<boolean> = (at, value) => {
	if (typeof value !== 'boolean') throw wrongType(at, 'boolean', value);
	return value;
};

/** A list of at least `min` items, each checked; `what` names the items in the message. */
function list<T>(item: Check<T>, min = 0, what = 'item'): Check<T[]> {
	return (at, value) => {
		if (!Array.isArray(value)) throw wrongType(at, 'Array', value);
		// Spread, so a hole in the list reads as undefined and is refused.
		const items = [...(value as unknown[])].map((entry, i) => item(`${at}[${i}]`, entry));
		if (items.length < min) {
			throw new CrisisDataError(at, `must list at least one ${what} (received ${items.length})`);
		}
		return items;
	};
}

/**
 * Reads an object's fields with `read` (handed a reader for one field at a time), then refuses any
 * field it did not ask for.
 */
function object<T extends object>(
	read: (field: <F>(key: string, check: Check<F>) => F) => T
): Check<T> {
	return (at, value) => {
		// A field set to undefined, or a hole in a list, is as good as missing.
		if (value === undefined && at !== '') throw new CrisisDataError(at, MISSING);
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw wrongType(at, 'Object', value);
		}
		const fields = value as Record<string, unknown>;
		const path = (key: string) => (at ? `${at}.${key}` : key);
		const parsed = read((key, check) => {
			if (!Object.hasOwn(fields, key)) throw new CrisisDataError(path(key), MISSING);
			return check(path(key), fields[key]);
		});
		for (const key of Object.keys(fields)) {
			if (!Object.hasOwn(parsed, key)) throw new CrisisDataError(path(key), UNKNOWN);
		}
		return parsed;
	};
}

const nonBlank = text((s) => s.trim() !== '', 'must not be empty');
const dialable = text((s) => TEL.test(s), 'must be 2 to 15 digits with an optional leading "+"');
const isoDate = text(
	(s) => !Number.isNaN(dateToUtcMs(s)),
	'must be a real date written YYYY-MM-DD'
);
const httpsUrl = text(isHttpsUrl, 'must be an https:// URL');
const language = text((s) => LANGUAGE.test(s), 'must be a lower-case ISO 639 code');
const countryCode = text(
	(s) => COUNTRY_CODE.test(s),
	'must be an ISO 3166-1 alpha-2 code: two upper-case letters'
);

const readSms = object<CrisisSms>((field) => ({
	number: field('number', dialable),
	body: field('body', nullable(nonBlank))
}));

const readLine = object<CrisisLine>((field) => ({
	name: field('name', nonBlank),
	description: field('description', nonBlank),
	phone: field('phone', nullable(nonBlank)),
	tel: field('tel', nullable(dialable)),
	sms: field('sms', nullable(readSms)),
	hours: field('hours', nullable(nonBlank)),
	free: field('free', nullable(boolean)),
	languages: field('languages', list(language)),
	source: field('source', httpsUrl),
	checked: field('checked', isoDate)
}));

const readCountry = object<CrisisCountry>((field) => ({
	code: field('code', countryCode),
	name: field('name', nonBlank),
	emergency: field(
		'emergency',
		object<CrisisEmergency>((inner) => ({
			phone: inner('phone', nonBlank),
			tel: inner('tel', dialable),
			source: inner('source', nullable(httpsUrl))
		}))
	),
	lines: field('lines', list(readLine, 1, 'line'))
}));

const readDirectory = object<CrisisDirectory>((field) => ({
	version: field('version', (at, value) => {
		if (value !== 1) throw wrongType(at, '1', value);
		return value;
	}),
	checked: field('checked', isoDate),
	countries: field('countries', list(readCountry, 1, 'country'))
}));

function digitsOf(phone: string): string {
	return phone.replace(/[^0-9]/g, '');
}

/** The display number and the dialled number must agree, so a typo in either is caught. */
function checkTelMatchesPhone(phone: string, tel: string, at: string): void {
	if (!tel.startsWith('+') && digitsOf(phone) !== tel) {
		throw new CrisisDataError(
			`${at}.tel`,
			`"${tel}" does not match the digits of phone "${phone}" (expected "${digitsOf(phone)}")`
		);
	}
}

function checkNotFuture(date: IsoDate, now: number, at: string): void {
	if (dateToUtcMs(date) - MAX_UTC_OFFSET_MS > now) {
		throw new CrisisDataError(at, `"${date}" is in the future`);
	}
}

function checkLine(line: CrisisLine, now: number, at: string): void {
	if (line.phone !== null && line.tel === null) {
		throw new CrisisDataError(`${at}.tel`, 'must be given when phone is');
	}
	if (line.tel !== null && line.phone === null) {
		throw new CrisisDataError(`${at}.phone`, 'must be given when tel is');
	}
	if (line.phone === null && line.sms === null) {
		throw new CrisisDataError(at, 'needs a phone number or an SMS number');
	}
	if (line.phone !== null && line.tel !== null) checkTelMatchesPhone(line.phone, line.tel, at);
	checkNotFuture(line.checked, now, `${at}.checked`);
}

function checkInvariants(dir: CrisisDirectory, now: number): void {
	checkNotFuture(dir.checked, now, 'checked');
	const firstSeen = new Map<string, number>();
	dir.countries.forEach((country, i) => {
		const at = `countries[${i}]`;
		const earlier = firstSeen.get(country.code);
		if (earlier !== undefined) {
			throw new CrisisDataError(
				`${at}.code`,
				`"${country.code}" is listed twice (first at countries[${earlier}])`
			);
		}
		firstSeen.set(country.code, i);
		checkTelMatchesPhone(country.emergency.phone, country.emergency.tel, `${at}.emergency`);
		country.lines.forEach((line, j) => checkLine(line, now, `${at}.lines[${j}]`));
	});
}

/**
 * Checks `input` (the parsed JSON) and returns it typed, or throws `CrisisDataError`.
 * `now` (milliseconds) is the moment no `checked` date may be after.
 */
export function parseCrisisDirectory(input: unknown, now: number = Date.now()): CrisisDirectory {
	const directory = readDirectory('', input);
	checkInvariants(directory, now);
	return directory;
}

export function findCountry(dir: CrisisDirectory, code: string): CrisisCountry | undefined {
	const wanted = code.toUpperCase();
	return dir.countries.find((country) => country.code === wanted);
}

/**
 * The region a BCP 47 tag names, e.g. "en-GB" → "GB", "zh-Hant-TW" → "TW"; undefined for
 * "en" (a language alone says nothing about where someone is) or "es-419" (a whole continent).
 */
function regionOf(tag: string): string | undefined {
	// Subtags after the language, up to the first singleton ("u-…", "x-…" extensions).
	for (const subtag of tag.split(/[-_]/).slice(1)) {
		if (subtag.length === 1) return undefined;
		if (/^[a-z]{2}$/i.test(subtag)) return subtag.toUpperCase();
	}
	return undefined;
}

/**
 * A first guess at the person's country code from `navigator.languages`, in their order of
 * preference, or undefined. Only an explicit region counts: guessing from a language alone
 * could put the wrong country's numbers first, so the page should ask instead.
 */
export function suggestCountry(
	dir: CrisisDirectory,
	navigatorLanguages: readonly string[]
): string | undefined {
	for (const tag of navigatorLanguages) {
		const region = regionOf(tag);
		if (region !== undefined && findCountry(dir, region)) return region;
	}
	return undefined;
}
