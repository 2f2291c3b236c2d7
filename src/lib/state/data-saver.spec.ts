import { afterEach, describe, expect, it } from 'vitest';
import { MemorySettingsRepository } from '../storage/memory-settings.repository';
import { DataSaverState, type ConnectionSource } from './data-saver.svelte';
import { settings } from './settings.svelte';

/** A `navigator.connection` the test changes. */
class FakeConnection extends EventTarget implements ConnectionSource {
	saveData?: boolean;
	effectiveType?: string;
	report(change: { saveData?: boolean; effectiveType?: string }): void {
		Object.assign(this, change);
		this.dispatchEvent(new Event('change'));
	}
}

const states: DataSaverState[] = [];
afterEach(() => {
	for (const state of states.splice(0)) state.stop();
});

async function setUp(stored: { key: string; value: unknown }[] = []) {
	await settings.attach(new MemorySettingsRepository({ rows: stored }));
	const connection = new FakeConnection();
	connection.effectiveType = '4g';
	connection.saveData = false;
	const state = new DataSaverState();
	states.push(state);
	state.start(connection);
	const heard: boolean[] = [];
	state.onChange((inForce) => heard.push(inForce));
	return { state, connection, heard };
}

describe('data saver state', () => {
	it('follows the browser on automatic, as the link changes', async () => {
		const { state, connection, heard } = await setUp();
		expect(state.decision).toEqual({ inForce: false, reason: 'link-fine' });
		connection.report({ effectiveType: '2g' });
		expect(state.decision).toEqual({ inForce: true, reason: 'slow-link' });
		connection.report({ effectiveType: '4g', saveData: true });
		expect(state.decision).toEqual({ inForce: true, reason: 'save-data' });
		connection.report({ saveData: false });
		expect(state.inForce).toBe(false);
		expect(heard).toEqual([true, false]);
	});

	it('follows the person’s choice over the browser, saved with the settings', async () => {
		const { state, connection, heard } = await setUp();
		await state.choose('on');
		expect(state.decision.reason).toBe('chosen-on');
		expect(settings.values.dataSaver).toBe('on');
		connection.report({ effectiveType: '4g' });
		expect(state.inForce).toBe(true);
		await state.choose('off');
		connection.report({ saveData: true });
		expect(state.inForce).toBe(false);
		expect(heard).toEqual([true, false]);
	});

	it('reads a stored choice, and says nothing was reported without the API', async () => {
		await settings.attach(new MemorySettingsRepository({ rows: [] }));
		const state = new DataSaverState();
		states.push(state);
		state.start(null);
		expect(state.decision).toEqual({ inForce: false, reason: 'no-report' });
		await settings.attach(
			new MemorySettingsRepository({ rows: [{ key: 'dataSaver', value: 'on' }] })
		);
		expect(state.inForce).toBe(true);
	});
});
