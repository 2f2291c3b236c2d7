import { describe, expect, it } from 'vitest';
import { catalogueOf } from './catalogue';

const ANXIETY = {
	id: 'anxiety',
	name: 'Anxiety',
	description: 'Together',
	guidelines: ['Be kind.'],
	guidelinesVersion: '0123456789abcdef'
};

describe('catalogueOf', () => {
	it('reads every well-formed entry and ignores fields it does not know', () => {
		expect(catalogueOf({ communities: [{ ...ANXIETY, colour: 'red' }], next: 2 })).toEqual([
			ANXIETY
		]);
	});

	it('fills in what older servers leave out', () => {
		expect(catalogueOf({ communities: [{ id: 'sleep', name: 'Sleep' }] })).toEqual([
			{ id: 'sleep', name: 'Sleep', description: '', guidelines: [] }
		]);
	});

	it('leaves out malformed entries and keeps the rest', () => {
		const bad = [
			null,
			'anxiety',
			[ANXIETY],
			{ ...ANXIETY, id: 7 },
			{ ...ANXIETY, name: undefined },
			{ ...ANXIETY, description: null },
			{ ...ANXIETY, guidelines: 'Be kind.' },
			{ ...ANXIETY, guidelines: ['Be kind.', 3] },
			{ ...ANXIETY, guidelinesVersion: 1 }
		];
		expect(catalogueOf({ communities: [...bad, ANXIETY] })).toEqual([ANXIETY]);
	});

	it('is null for anything that is not a catalogue', () => {
		for (const body of [null, [], 'communities', { communities: {} }, {}]) {
			expect(catalogueOf(body)).toBeNull();
		}
	});
});
