import { describe, expect, it } from 'vitest';
import { initiallyFolded, REPLY_PAGE, unfoldEarlier } from './reply-window';

describe('reply window', () => {
	it('folds nothing in a thread of a page or less', () => {
		expect(initiallyFolded(0)).toBe(0);
		expect(initiallyFolded(REPLY_PAGE)).toBe(0);
	});

	it('shows the latest page of a long thread, and a page more each time', () => {
		expect(initiallyFolded(REPLY_PAGE * 2 + 7)).toBe(REPLY_PAGE + 7);
		expect(unfoldEarlier(REPLY_PAGE + 7)).toBe(7);
		expect(unfoldEarlier(7)).toBe(0);
		expect(unfoldEarlier(0)).toBe(0);
	});
});
