import { describe, expect, it } from 'vitest';
import shipped from '../../data/crisis-lines.json';
import {
	CrisisDataError,
	findCountry,
	parseCrisisDirectory,
	suggestCountry,
	type CrisisDirectory
} from './crisis-lines';

const NOW = Date.UTC(2026, 10, 26, 12);

/** A small directory that is valid; each bad case below breaks exactly one thing in a copy. */
function fixture() {
	const line = () => ({
		name: 'Example Line',
		description: 'Someone will listen.',
		phone: '116 123',
		tel: '116123',
		sms: null as { number: string; body: string | null } | null,
		hours: '24 hours, every day',
		free: true,
		languages: ['en'],
		source: 'https://example.org/help',
		checked: '2026-11-01'
	});
	const country = (code: string) => ({
		code,
		name: `Country ${code}`,
		emergency: { phone: '112', tel: '112', source: null },
		lines: [line()] as Record<string, unknown>[]
	});
	return { version: 1, checked: '2026-11-26', countries: [country('GB'), country('AT')] };
}

type Fixture = ReturnType<typeof fixture>;

function firstLine(data: Fixture): Record<string, unknown> {
	const line = data.countries[0]?.lines[0];
	if (!line) throw new Error('fixture has no line');
	return line;
}

/** A fresh fixture with one change applied. */
function edit(change: (data: Fixture) => void): () => Fixture {
	return () => {
		const data = fixture();
		change(data);
		return data;
	};
}

const withLine = (patch: Record<string, unknown>) =>
	edit((data) => Object.assign(firstLine(data), patch));

function parseError(input: unknown): CrisisDataError {
	try {
		parseCrisisDirectory(input, NOW);
	} catch (e: unknown) {
		if (e instanceof CrisisDataError) return e;
		throw e;
	}
	throw new Error('expected a CrisisDataError, but the input parsed');
}

describe('the shipped crisis-lines.json', () => {
	const dir = parseCrisisDirectory(shipped);
	const lines = dir.countries.flatMap((c) => c.lines.map((line) => ({ code: c.code, line })));

	it('covers at least 15 countries, each with a unique code', () => {
		const codes = dir.countries.map((c) => c.code);
		expect(codes.length).toBeGreaterThanOrEqual(15);
		expect(new Set(codes).size).toBe(codes.length);
	});

	it.each(lines)(
		'$code $line.name cites an https source and a date not in the future',
		({ line }) => {
			expect(new URL(line.source).protocol).toBe('https:');
			expect(Date.parse(line.checked)).toBeLessThanOrEqual(Date.now());
		}
	);
});

describe('parseCrisisDirectory', () => {
	it('accepts the valid fixture, so every failure below is caused by its one change', () => {
		expect(parseCrisisDirectory(fixture(), NOW).countries.map((c) => c.code)).toEqual(['GB', 'AT']);
	});

	const LINE = 'countries[0].lines[0]';
	const cases: [string, () => unknown, string, RegExp][] = [
		['missing tel', edit((d) => delete firstLine(d).tel), `${LINE}.tel`, /required/],
		['tel with letters', withLine({ tel: '0800-HELP' }), `${LINE}.tel`, /digits/],
		['tel null but phone given', withLine({ tel: null }), `${LINE}.tel`, /phone/],
		['tel not matching phone', withLine({ tel: '116124' }), `${LINE}.tel`, /116123/],
		['http source', withLine({ source: 'http://example.org' }), `${LINE}.source`, /https/],
		['future date', withLine({ checked: '2026-12-25' }), `${LINE}.checked`, /future/],
		['impossible date', withLine({ checked: '2026-02-30' }), `${LINE}.checked`, /real date/],
		['unknown key', withLine({ fax: '123' }), `${LINE}.fax`, /not a known field/],
		['empty name', withLine({ name: '  ' }), `${LINE}.name`, /empty/],
		['no phone and no sms', withLine({ phone: null, tel: null }), LINE, /phone number or an SMS/],
		[
			'sms with letters',
			withLine({ sms: { number: 'SHOUT', body: null } }),
			`${LINE}.sms.number`,
			/digits/
		],
		[
			'duplicate code',
			edit((d) => Object.assign(d.countries[1] ?? {}, { code: 'GB' })),
			'countries[1].code',
			/twice/
		],
		[
			'lower-case code',
			edit((d) => Object.assign(d.countries[0] ?? {}, { code: 'gb' })),
			'countries[0].code',
			/upper-case/
		],
		[
			'empty lines',
			edit((d) => Object.assign(d.countries[0] ?? {}, { lines: [] })),
			'countries[0].lines',
			/at least one line/
		],
		['future file date', edit((d) => (d.checked = '2027-01-01')), 'checked', /future/],
		['not an object', () => 'crisis lines', '', /expected Object/],
		['a list at the root', () => [fixture()], '', /expected Object but received Array/],
		['another version', edit((d) => (d.version = 2)), 'version', /expected 1 but received 2/],
		['no countries', edit((d) => (d.countries = [])), 'countries', /at least one country/],
		['a name that is not text', withLine({ name: 5 }), `${LINE}.name`, /expected string/],
		['a blank hours', withLine({ hours: ' ' }), `${LINE}.hours`, /empty/],
		['free as a word', withLine({ free: 'yes' }), `${LINE}.free`, /expected boolean/],
		['languages not a list', withLine({ languages: 'en' }), `${LINE}.languages`, /Array/],
		['a language in capitals', withLine({ languages: ['EN'] }), `${LINE}.languages[0]`, /639/],
		[
			'an sms without its body',
			withLine({ phone: null, tel: null, sms: { number: '85258' } }),
			`${LINE}.sms.body`,
			/required/
		],
		[
			'an sms with an unknown field',
			withLine({ sms: { number: '85258', body: 'SHOUT', keyword: 'x' } }),
			`${LINE}.sms.keyword`,
			/not a known field/
		],
		[
			'an sms that is a number',
			withLine({ sms: 85258 }),
			`${LINE}.sms`,
			/expected Object but received 85258/
		],
		[
			'no emergency number',
			edit((d) => Object.assign(d.countries[0] ?? {}, { emergency: undefined })),
			'countries[0].emergency',
			/required but missing/
		],
		[
			'an emergency source over http',
			edit((d) =>
				Object.assign(d.countries[0] ?? {}, {
					emergency: { phone: '112', tel: '112', source: 'http://example.org' }
				})
			),
			'countries[0].emergency.source',
			/https/
		],
		[
			'an emergency number not matching its digits',
			edit((d) =>
				Object.assign(d.countries[0] ?? {}, {
					emergency: { phone: '112', tel: '911', source: null }
				})
			),
			'countries[0].emergency.tel',
			/112/
		],
		[
			'a line that is not an object',
			edit((d) => d.countries[0]?.lines.push({ x: 1 })),
			'countries[0].lines[1].name',
			/required/
		],
		[
			'a hole in the lines',
			edit((d) => {
				const lines = d.countries[0]?.lines;
				if (lines) lines[2] = lines[0] ?? {};
			}),
			'countries[0].lines[1]',
			/required but missing/
		],
		['phone null but tel given', withLine({ phone: null }), `${LINE}.phone`, /tel/]
	];

	it.each(cases)('rejects %s, naming %s', (_name, build, path, problem) => {
		const error = parseError(build());
		expect(error.path).toBe(path);
		expect(error.message).toContain(path || '(root)');
		expect(error.message).toMatch(problem);
	});

	it('accepts a date that is already today in UTC+14 though not yet in UTC', () => {
		const data = fixture();
		firstLine(data).checked = '2026-11-27';
		expect(() => parseCrisisDirectory(data, NOW)).not.toThrow();
	});
});

describe('findCountry and suggestCountry', () => {
	const dir: CrisisDirectory = parseCrisisDirectory(fixture(), NOW);

	it('finds a country by code in any case, and nothing for an unknown code', () => {
		expect(findCountry(dir, 'gb')?.code).toBe('GB');
		expect(findCountry(dir, 'XX')).toBeUndefined();
	});

	it.each([
		[['en-GB'], 'GB'],
		[['en_gb'], 'GB'],
		[['fr-FR', 'de-AT'], 'AT'],
		[['de-Latn-AT'], 'AT'],
		[['en-US', 'en-GB'], 'GB'],
		[['en'], undefined],
		[['es-419'], undefined],
		[['en-x-gb'], undefined],
		[[], undefined]
	])('suggests %j → %s', (languages, expected) => {
		expect(suggestCountry(dir, languages)).toBe(expected);
	});
});
