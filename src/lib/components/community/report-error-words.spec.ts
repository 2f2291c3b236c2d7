import { describe, expect, it, vi } from 'vitest';
import { ReportError } from '$lib/state/moderation-actions';
import { t } from '$lib/i18n/translate';
import { reportErrorWords } from './report-error-words';

describe('reportErrorWords', () => {
	it.each([
		['too-many', 'community.report.tooMany'],
		['refused', 'community.report.refused'],
		['not-kept', 'community.report.notKept'],
		['not-ready', 'community.report.notReady']
	] as const)('words %s calmly', (code, key) => {
		expect(reportErrorWords(new ReportError(code))).toBe(t(key));
	});

	it('gives the general words for anything else, and logs it', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		expect(reportErrorWords(new Error('boom'))).toBe(t('community.report.failed'));
		expect(log).toHaveBeenCalled();
		log.mockRestore();
	});
});
