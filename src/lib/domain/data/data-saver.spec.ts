import { describe, expect, it } from 'vitest';
import { decideDataSaver, type DataSaverChoice, type LinkReport } from './data-saver';

describe('whether data saver is in force', () => {
	it.each<[DataSaverChoice, LinkReport | null, boolean, string]>([
		['on', null, true, 'chosen-on'],
		['on', { saveData: false, effectiveType: '4g' }, true, 'chosen-on'],
		['off', { saveData: true, effectiveType: 'slow-2g' }, false, 'chosen-off'],
		['auto', null, false, 'no-report'],
		['auto', {}, false, 'no-report'],
		['auto', { saveData: true }, true, 'save-data'],
		['auto', { saveData: true, effectiveType: '4g' }, true, 'save-data'],
		['auto', { saveData: false, effectiveType: '2g' }, true, 'slow-link'],
		['auto', { effectiveType: 'slow-2g' }, true, 'slow-link'],
		['auto', { saveData: false, effectiveType: '3g' }, false, 'link-fine'],
		['auto', { saveData: false, effectiveType: '4g' }, false, 'link-fine'],
		['auto', { saveData: false }, false, 'link-fine']
	])('%s with the browser reporting %j: %s (%s)', (choice, report, inForce, reason) => {
		expect(decideDataSaver(choice, report)).toEqual({ inForce, reason });
	});
});
