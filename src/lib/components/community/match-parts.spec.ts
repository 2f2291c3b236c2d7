import { describe, expect, it } from 'vitest';
import { matchParts } from './match-parts';

const joined = (parts: { text: string }[]) => parts.map((p) => p.text).join('');

describe('matchParts', () => {
	it('marks the matched runs and keeps the rest as plain text', () => {
		expect(matchParts('the heron was back', [{ start: 4, end: 9 }])).toEqual([
			{ text: 'the ', match: false },
			{ text: 'heron', match: true },
			{ text: ' was back', match: false }
		]);
	});

	it('returns the whole excerpt as plain text when nothing matched', () => {
		expect(matchParts('quiet', [])).toEqual([{ text: 'quiet', match: false }]);
	});

	it('shows each character once when ranges overlap or arrive out of order', () => {
		const text = 'sleep and sleeplessness';
		const parts = matchParts(text, [
			{ start: 10, end: 15 },
			{ start: 0, end: 5 },
			{ start: 12, end: 18 }
		]);
		expect(joined(parts)).toBe(text);
		expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['sleep', 'sleep', 'les']);
	});

	it('ignores ranges outside the text or empty ones', () => {
		const parts = matchParts('short', [
			{ start: 3, end: 99 },
			{ start: 40, end: 50 },
			{ start: 2, end: 2 }
		]);
		expect(parts).toEqual([
			{ text: 'sho', match: false },
			{ text: 'rt', match: true }
		]);
	});

	it('keeps markup-like text as plain characters', () => {
		const text = '<img src=x onerror=alert(1)>';
		expect(joined(matchParts(text, [{ start: 1, end: 4 }]))).toBe(text);
	});
});
