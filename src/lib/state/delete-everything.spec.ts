import { describe, expect, it, vi } from 'vitest';
import { AccountApiError, AccountOfflineError } from '../sync/account-api';
import { SignedOutError } from '../sync/sync-problem';
import {
	createDeleteEverything,
	DeleteEverythingError,
	type DeleteEverythingDeps,
	type DeleteProblem
} from './delete-everything';
import { IdentityNotReadyError, NameTakenError } from './identity.svelte';

function harness(overrides: Partial<DeleteEverythingDeps> = {}) {
	const steps: string[] = [];
	const step = (name: string) => async () => void steps.push(name);
	const deps: DeleteEverythingDeps = {
		registered: () => true,
		sessionToken: async () => 'token',
		deleteOnServer: step('server'),
		closeStorage: step('close'),
		deleteStorage: step('delete'),
		clearCaches: step('caches'),
		restart: () => void steps.push('restart'),
		...overrides
	};
	return { steps, actions: createDeleteEverything(deps) };
}

async function problemOf(run: Promise<void>): Promise<DeleteProblem | 'none'> {
	try {
		await run;
		return 'none';
	} catch (e: unknown) {
		if (e instanceof DeleteEverythingError) return e.problem;
		throw e;
	}
}

describe('wipeDevice', () => {
	it('closes storage, deletes it, clears cached data, then starts afresh', async () => {
		const { steps, actions } = harness();
		await actions.wipeDevice();
		expect(steps).toEqual(['close', 'delete', 'caches', 'restart']);
	});

	it('stays put and says so when the phone refuses', async () => {
		const { steps, actions } = harness({
			deleteStorage: () => Promise.reject(new Error('blocked'))
		});
		expect(await problemOf(actions.wipeDevice())).toBe('device');
		expect(steps).toEqual(['close']);
	});
});

describe('deleteAccount', () => {
	it('deletes on the server first, then wipes the device', async () => {
		const deleteOnServer = vi.fn(async () => {});
		const { steps, actions } = harness({ deleteOnServer });
		await actions.deleteAccount();
		expect(deleteOnServer).toHaveBeenCalledWith('token');
		expect(steps).toEqual(['close', 'delete', 'caches', 'restart']);
	});

	it('only wipes the device when the identity never registered', async () => {
		const sessionToken = vi.fn(async () => 'token');
		const { steps, actions } = harness({ registered: () => false, sessionToken });
		await actions.deleteAccount();
		expect(sessionToken).not.toHaveBeenCalled();
		expect(steps).toEqual(['close', 'delete', 'caches', 'restart']);
	});

	it('only wipes the device when registration never got past a taken name', async () => {
		const { steps, actions } = harness({
			sessionToken: () => Promise.reject(new NameTakenError('Sam'))
		});
		await actions.deleteAccount();
		expect(steps).toEqual(['close', 'delete', 'caches', 'restart']);
	});

	it.each([
		['offline', () => Promise.reject(new TypeError('Failed to fetch')), undefined],
		['offline', undefined, () => Promise.reject(new AccountOfflineError('down'))],
		['server', undefined, () => Promise.reject(new AccountApiError(500, 'internal', 'no'))],
		['server', () => Promise.reject(new SignedOutError('refused')), undefined],
		['not-ready', () => Promise.reject(new IdentityNotReadyError('loading')), undefined]
	] as const)(
		'deletes nothing when it cannot finish on the server (%s)',
		async (problem, token, server) => {
			const { steps, actions } = harness({
				...(token ? { sessionToken: token } : {}),
				...(server ? { deleteOnServer: server } : {})
			});
			expect(await problemOf(actions.deleteAccount())).toBe(problem);
			expect(steps).toEqual([]);
		}
	);
});
