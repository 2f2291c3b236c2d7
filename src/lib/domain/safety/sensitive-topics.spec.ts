import { describe, expect, it } from 'vitest';
import { sensitiveTopics } from './sensitive-topics';

const post = (text: string, contentWarning: string | null = null, tags: string[] = []) => ({
	text,
	contentWarning,
	tags
});

describe('sensitiveTopics', () => {
	it.each([
		['I relapsed last night after a year sober', 'substances'],
		['My ex was abusive and I am still scared', 'abuse'],
		['Recovering from anorexia is slow', 'eating'],
		['I keep hurting myself when it gets bad', 'self-harm'],
		['I have been having suicidal thoughts', 'suicide']
	] as const)('finds a topic in the text: %j', (text, topic) => {
		expect(sensitiveTopics(post(text))).toEqual([topic]);
	});

	it('reads the content note and tags, ignoring case and punctuation', () => {
		expect(sensitiveTopics(post('A hard week.', 'Self-Harm'))).toEqual(['self-harm']);
		expect(sensitiveTopics(post('A hard week.', null, ['ED', 'recovery']))).toEqual(['eating']);
	});

	it('reads short topic names only from notes and tags, never from running text', () => {
		expect(sensitiveTopics(post('She said ed would come by', null))).toEqual([]);
		expect(sensitiveTopics(post('Fine', 'sh'))).toEqual(['self-harm']);
	});

	it('lists every topic touched, in a fixed order', () => {
		expect(
			sensitiveTopics(post('After the abuse I started drinking, then the binge eating'))
		).toEqual(['eating', 'abuse']);
		expect(sensitiveTopics(post('alcohol and suicide', null, ['abuse']))).toEqual([
			'suicide',
			'substances',
			'abuse'
		]);
	});

	it('matches whole words only', () => {
		expect(sensitiveTopics(post('A sobering thought about my raspberry plants'))).toEqual([]);
		expect(sensitiveTopics(post('Went for a walk by the sea today'))).toEqual([]);
	});
});
