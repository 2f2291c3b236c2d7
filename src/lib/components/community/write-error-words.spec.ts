import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeErrorWords } from './write-error-words';

class FakeWriteError extends Error {
	constructor(
		readonly code: string,
		readonly field: string | null = null
	) {
		super(code);
	}
}

afterEach(() => vi.restoreAllMocks());

describe('writeErrorWords', () => {
	it('puts an invalid field’s message beside that field', () => {
		expect(writeErrorWords(new FakeWriteError('invalid-input', 'title'))).toEqual({
			field: 'title',
			message: 'Please give your thread a title.'
		});
		expect(writeErrorWords(new FakeWriteError('invalid-input', 'tags')).field).toBe('tags');
	});

	it('keeps an invalid input with an unknown field for the whole form', () => {
		expect(writeErrorWords(new FakeWriteError('invalid-input', 'colour')).field).toBeNull();
	});

	it.each([
		['not-yours', 'Only the person who wrote this can change it.'],
		['missing', 'This is no longer here. It may have been deleted.'],
		['storage-full', 'This phone is out of space, so this could not be saved.'],
		['not-joined', 'join this community'],
		['name-taken', 'Someone here already has that name'],
		['read-only', 'You can’t post here just now']
	])('says %s calmly', (code, words) => {
		const problem = writeErrorWords(new FakeWriteError(code));
		expect(problem.field).toBeNull();
		expect(problem.message).toContain(words);
	});

	it('gives a general message for anything unexpected, and logs it rather than hiding it', () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		for (const error of [new Error('boom'), 'text', null, { code: 'not-ready' }]) {
			expect(writeErrorWords(error)).toEqual({
				field: null,
				message: 'This could not be saved just now. What you typed is still here.'
			});
		}
		expect(logged).toHaveBeenCalledTimes(4);
	});
});
