import { describe, expect, it } from 'vitest';
import { CRISIS_PHRASES, findCrisisLanguage, hasCrisisLanguage } from './crisis-language';

describe('hasCrisisLanguage', () => {
	it.each([
		'I want to die',
		'Honestly I just WANT TO DIE.',
		'i wanna die',
		'Some days I wish I was dead',
		'everyone would be better off without me',
		'I keep thinking I should kill myself',
		'I’m going to end my life',
		'I want to end it all',
		'I have been feeling suicidal',
		'I don’t want to be here anymore',
		'I dont want to wake up',
		'There is no reason to live',
		'nothing left to live for',
		'I can’t go on like this',
		'I keep hurting myself',
		'I started self-harming again',
		'I have been cutting myself',
		'I have a plan to end it',
		'This is goodbye.',
		'thinking about an overdose',
		'I want\nto die',
		'honestly kms'
	])('finds %j', (text) => {
		expect(hasCrisisLanguage(text)).toBe(true);
	});

	it.each([
		'',
		'   ',
		'I could die laughing at this',
		'I nearly wanted to die of embarrassment',
		'This commute is killing me',
		'I would kill for a coffee',
		'I killed myself laughing',
		'She is dying to see the film',
		'I cut myself a slice of cake',
		'Saying goodbye to my old flat today',
		'I hurt my knee',
		'We went to a talk on suicide prevention',
		'The plant died while I was away',
		'I want to dye my hair'
	])('does not find %j', (text) => {
		expect(hasCrisisLanguage(text)).toBe(false);
	});

	it('names each phrase found once, in list order', () => {
		const text = 'I want to die. I want to die. I keep hurting myself.';
		expect(findCrisisLanguage(text)).toEqual([{ id: 'want-to-die' }, { id: 'hurt-myself' }]);
	});

	it('still finds a phrase when an earlier use of it was a figure of speech', () => {
		expect(hasCrisisLanguage('I could die laughing, but really I want to die')).toBe(true);
	});

	it('keeps phrase ids unique, so the documentation can name each', () => {
		const ids = CRISIS_PHRASES.map((phrase) => phrase.id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});
