import { describe, expect, it } from 'vitest';
import { formatRecoveryCode, parseRecoveryCode } from '../domain/identity/recovery-code';
import { newRootSecret } from '../domain/identity/root-secret';
import { openRecord, sealRecord } from '../domain/journal-crypto/record-envelope';
import type { OpenVault } from '../domain/journal-crypto/vault';
import { MIN_ITERATIONS } from '../domain/journal-crypto/passphrase-kdf';
import { MemoryJournalVaultRepository } from '../storage/memory-journal-vault.repository';
import { LinkClient } from '../sync/link-client';
import {
	acceptLink,
	cancelLink,
	DeviceLinkError,
	LinkCodeError,
	offerLink,
	type DeviceLinkDeps,
	type DeviceLinkProblem,
	type LinkIdentity
} from './device-link';
import { JournalLock } from './journal-lock.svelte';

const TEN_MINUTES = 10 * 60_000;

/** The drop box as docs/PROTOCOL.md describes it, in memory; `online` false fails every fetch. */
class FakeServer {
	online = true;
	/** When set, taking a box answers 429, as the server's per-address limit does. */
	limited = false;
	validToken = 'token-1';
	readonly drops = new Map<string, { iv: string; ct: string }>();
	readonly requests: string[] = [];

	readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
		if (!this.online) throw new TypeError('Failed to fetch');
		const path = new URL(input).pathname;
		this.requests.push(`${init.method} ${path}`);
		const authorised =
			new Headers(init.headers).get('authorization') === `Bearer ${this.validToken}`;
		if (path === '/api/links') {
			if (!authorised) return answer(401, { error: { code: 'unauthorized', message: 'no' } });
			if (init.method === 'DELETE') {
				this.drops.clear();
				return new Response(null, { status: 204 });
			}
			const body = JSON.parse(String(init.body)) as {
				dropId: string;
				box: { iv: string; ct: string };
			};
			this.drops.set(body.dropId, body.box);
			return answer(201, { expiresAt: 1, expiresInMs: TEN_MINUTES });
		}
		if (this.limited) {
			return answer(429, { error: { code: 'too-many-requests', message: 'wait' } });
		}
		const dropId = path.slice('/api/links/'.length);
		const box = this.drops.get(dropId);
		this.drops.delete(dropId);
		return box
			? answer(200, { box })
			: answer(404, { error: { code: 'unknown-link', message: 'none' } });
	};
}

function answer(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json' }
	});
}

/** A person's identity as linking sees it: a root secret, set up or not. */
class FakeIdentity implements LinkIdentity {
	status: LinkIdentity['status'] = 'ready';
	setupComplete: boolean;
	displayName: string | null;
	rootSecret = newRootSecret();
	tokens: string[];
	refused: string[] = [];

	constructor(options: { setUp: boolean; name?: string; tokens?: string[] }) {
		this.setupComplete = options.setUp;
		this.displayName = options.name ?? null;
		this.tokens = options.tokens ?? ['token-1'];
	}

	get hasActivity(): boolean {
		return this.setupComplete;
	}

	recoveryCode(): string {
		return formatRecoveryCode(this.rootSecret);
	}

	async sessionToken(): Promise<string> {
		return this.tokens.shift() ?? 'token-1';
	}

	sessionRefused(token: string): void {
		this.refused.push(token);
	}

	async restoreSecret(secret: Uint8Array, displayName: string | null = null): Promise<void> {
		this.rootSecret = secret;
		this.displayName = displayName;
		this.setupComplete = true;
	}
}

async function phone(server: FakeServer, identity: FakeIdentity) {
	const lock = new JournalLock({ iterations: MIN_ITERATIONS });
	let opened: OpenVault | null = null;
	await lock.attach(new MemoryJournalVaultRepository(), {
		opened: async (vault) => {
			opened = vault;
			return true;
		},
		locking: async () => {}
	});
	const syncTurnedOn: boolean[] = [];
	const deps: DeviceLinkDeps = {
		identity,
		lock,
		journalSync: {
			set: async (on) => {
				syncTurnedOn.push(on);
			}
		},
		client: new LinkClient({ origin: 'https://hearth.example', fetch: server.fetch }),
		now: () => 1000
	};
	return { deps, lock, identity, opened: () => opened, syncTurnedOn };
}

async function problemOf(work: Promise<unknown>): Promise<DeviceLinkProblem | string> {
	try {
		await work;
		return 'done';
	} catch (e: unknown) {
		if (e instanceof DeviceLinkError || e instanceof LinkCodeError) return e.code;
		throw e;
	}
}

describe('linking a second phone', () => {
	it('moves the identity and every journal key, the current one included', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true, name: 'Sam' }));
		const fresh = await phone(server, new FakeIdentity({ setUp: false }));
		const written = await sealRecord(old.lock.vault, 'entry-1', 'from the first phone');

		const offer = await offerLink(old.deps);
		expect(offer.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/);
		expect(offer.expiresAt).toBe(1000 + TEN_MINUTES);
		// What reached the server is sealed: neither the root secret nor the name is in it.
		const sent = JSON.stringify([...server.drops]);
		expect(sent).not.toContain('Sam');
		expect(sent).not.toContain(old.identity.recoveryCode().replaceAll('-', ''));

		const linked = await acceptLink(offer.code.toLowerCase().replaceAll('-', ' '), fresh.deps);
		expect(linked).toEqual({ displayName: 'Sam' });
		expect(fresh.identity.rootSecret).toEqual(parseRecoveryCode(old.identity.recoveryCode()));
		expect(fresh.identity.displayName).toBe('Sam');
		expect(fresh.lock.vault.current).toBe(old.lock.vault.current);
		expect(await openRecord(fresh.lock.vault, 'entry-1', written)).toBe('from the first phone');
		const reply = await sealRecord(fresh.lock.vault, 'entry-2', 'from the second phone');
		expect(await openRecord(old.lock.vault, 'entry-2', reply)).toBe('from the second phone');
		// Linking is for keeping the journal on both: each phone turns its journal's sync on.
		expect(old.syncTurnedOn).toEqual([true]);
		expect(fresh.syncTurnedOn).toEqual([true]);
	});

	it('works once: the same code again finds nothing', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		await acceptLink(code, (await phone(server, new FakeIdentity({ setUp: false }))).deps);
		const other = await phone(server, new FakeIdentity({ setUp: false }));
		expect(await problemOf(acceptLink(code, other.deps))).toBe('unknown-link');
	});

	it('catches a mistyped code on the phone, asking the server nothing', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		const typo = (code.startsWith('A') ? 'B' : 'A') + code.slice(1);
		const fresh = await phone(server, new FakeIdentity({ setUp: false }));
		const before = server.requests.length;
		expect(await problemOf(acceptLink(typo, fresh.deps))).toBe('link-code-checksum');
		expect(await problemOf(acceptLink(code.slice(0, 20), fresh.deps))).toBe('link-code-length');
		expect(server.requests.length).toBe(before);
	});

	it('refuses to replace an identity in use, leaving the code for the right phone', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		const busy = await phone(server, new FakeIdentity({ setUp: true, name: 'Ada' }));
		const before = busy.identity.rootSecret;
		expect(await problemOf(acceptLink(code, busy.deps))).toBe('already-set-up');
		expect(busy.identity.rootSecret).toBe(before);
		expect(server.drops.size).toBe(1);
	});

	it('says when there is no connection, on either phone', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		server.online = false;
		expect(await problemOf(offerLink(old.deps))).toBe('offline');
		const fresh = await phone(server, new FakeIdentity({ setUp: false }));
		expect(await problemOf(acceptLink(code, fresh.deps))).toBe('offline');
		expect(fresh.identity.setupComplete).toBe(false);
	});

	it('needs a phone that is set up and a journal that is open to offer a link', async () => {
		const server = new FakeServer();
		const notSetUp = await phone(server, new FakeIdentity({ setUp: false }));
		expect(await problemOf(offerLink(notSetUp.deps))).toBe('not-set-up');
		const locked = await phone(server, new FakeIdentity({ setUp: true }));
		await locked.lock.setLock('passphrase', 'quiet river morning');
		await locked.lock.lock();
		expect(await problemOf(offerLink(locked.deps))).toBe('journal-locked');
		expect(server.requests).toEqual([]);
	});

	it('signs in again once when the session was refused', async () => {
		const server = new FakeServer();
		const identity = new FakeIdentity({ setUp: true, tokens: ['stale', 'token-1'] });
		const old = await phone(server, identity);
		await offerLink(old.deps);
		expect(identity.refused).toEqual(['stale']);
		expect(server.drops.size).toBe(1);

		identity.tokens = ['stale', 'still-stale'];
		expect(await problemOf(offerLink(old.deps))).toBe('signed-out');
	});

	it('cancels the open link, so its code stops working', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		await cancelLink(old.deps);
		const fresh = await phone(server, new FakeIdentity({ setUp: false }));
		expect(await problemOf(acceptLink(code, fresh.deps))).toBe('unknown-link');
	});

	it('refuses a box that does not open, changing nothing', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		for (const [id, box] of server.drops) server.drops.set(id, { ...box, iv: 'AAAAAAAAAAAAAAAA' });
		const fresh = await phone(server, new FakeIdentity({ setUp: false }));
		const keysBefore = fresh.lock.vault.rawKeys.size;
		expect(await problemOf(acceptLink(code, fresh.deps))).toBe('damaged');
		expect(fresh.identity.setupComplete).toBe(false);
		expect(fresh.lock.vault.rawKeys.size).toBe(keysBefore);
	});

	it('asks the person to wait when the server is slowing down guesses', async () => {
		const server = new FakeServer();
		const old = await phone(server, new FakeIdentity({ setUp: true }));
		const { code } = await offerLink(old.deps);
		server.limited = true;
		const fresh = await phone(server, new FakeIdentity({ setUp: false }));
		expect(await problemOf(acceptLink(code, fresh.deps))).toBe('too-many-tries');
		server.limited = false;
		await acceptLink(code, fresh.deps);
		expect(fresh.identity.setupComplete).toBe(true);
	});
});
