import { describe, expect, it } from 'vitest';
import { checkPost } from './check-post';

const good = { title: 'Sleep', body: 'Some nights are long.', contentWarning: '', tags: ['sleep'] };

describe('checkPost', () => {
	it('finds nothing wrong with a whole post, or a reply without title and tags', () => {
		expect(checkPost(good)).toEqual({});
		expect(checkPost({ body: 'Me too.', contentWarning: '' })).toEqual({});
	});

	it('names each field at fault', () => {
		const problems = checkPost({
			title: '   ',
			body: '\n',
			contentWarning: 'x'.repeat(81),
			tags: ['a', 'b', 'c', 'd', 'e', 'f']
		});
		expect(Object.keys(problems).sort()).toEqual(['body', 'contentWarning', 'tags', 'title']);
	});

	it('refuses what the server would refuse for size', () => {
		expect(checkPost({ ...good, title: 'x'.repeat(121) }).title).toBeDefined();
		expect(checkPost({ ...good, body: 'x'.repeat(10_001) }).body).toBeDefined();
		expect(checkPost({ ...good, tags: ['x'.repeat(25)] }).tags).toBeDefined();
		expect(checkPost({ ...good, title: 'x'.repeat(120), body: 'x'.repeat(10_000) })).toEqual({});
	});
});
