import { describe, expect, it } from 'vitest';
import { CommunityError } from '$lib/state/community-room.svelte';
import { t } from '$lib/i18n/translate';
import { moderateErrorWords } from './moderate-error-words';

describe('moderateErrorWords', () => {
	it('says only moderators may, when the room refuses a non-moderator', () => {
		expect(moderateErrorWords(new CommunityError('not-yours'))).toBe(
			t('community.mod.notModerator')
		);
	});

	it('names the reason when it is too long', () => {
		expect(moderateErrorWords(new CommunityError('invalid-input', 'reason'))).toBe(
			t('community.mod.reasonTooLong', { max: 500 })
		);
	});

	it('words other failures the way a post or reply write does', () => {
		expect(moderateErrorWords(new CommunityError('missing'))).toBe(t('community.error.missing'));
	});
});
