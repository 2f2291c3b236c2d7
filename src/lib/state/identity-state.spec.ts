import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../domain/identity/base64url';
import { verifyChallenge } from '../domain/identity/challenge';
import { canonicalDisplayName } from '../domain/identity/display-name';
import { userIdFromPublicKey } from '../domain/identity/derive-keys';
import { parseRecoveryCode, RecoveryCodeError } from '../domain/identity/recovery-code';
import { MemoryIdentityRepository } from '../storage/memory-identity.repository';
import type { Fetch } from '../sync/session-client';
import { SignedOutError } from '../sync/sync-problem';
import {
	IdentityNotReadyError,
	IdentityState,
	NameTakenError,
	RECOVERY_CODE_GROUPS,
	SESSION_RENEW_MARGIN_MS,
	suggestDisplayName
} from './identity.svelte';
import { storageHealth } from './storage-health.svelte';

const ORIGIN = 'https://hearth.example';
const DAY = 24 * 60 * 60 * 1000;

/**
 * A small stand-in for the identity API (docs/PROTOCOL.md), strict where the real one is: it
 * checks signatures and origins, and expires tokens by the test's clock.
 */
class FakeServer {
	online = true;
	time = 1_700_000_000_000;
	/** When set, every sign-in is refused with this code (401). */
	refuseSignIn: string | null = null;
	readonly requests: { route: string; body: string }[] = [];
	readonly #people = new Map<string, string>();
	readonly #tokens = new Map<string, { userId: string; expiresAt: number }>();
	readonly #challenges = new Set<string>();
	readonly #pseudonyms = new Map<string, { userId: string; name: string }>();
	#serial = 0;

	readonly now = () => this.time;

	/** Someone else already has `name`. */
	takeName(name: string): void {
		this.#people.set(`someone-${++this.#serial}`, name);
	}

	nameOf(userId: string | null): string | undefined {
		return userId === null ? undefined : this.#people.get(userId);
	}

	/** Ends every session, as a server restart with a new token secret would. */
	forgetSessions(): void {
		this.#tokens.clear();
	}

	routes(): string[] {
		return this.requests.map(({ route }) => route);
	}

	/** Holds every answer until `release`, so a test can act while requests are out. */
	hold(): () => void {
		let release = () => {};
		this.#gate = new Promise<void>((resolve) => (release = resolve));
		return () => {
			this.#gate = null;
			release();
		};
	}

	#gate: Promise<void> | null = null;

	readonly fetch: Fetch = async (url, init) => {
		await this.#gate;
		const method = init.method ?? 'GET';
		const path = url.slice(ORIGIN.length);
		const bodyText = typeof init.body === 'string' ? init.body : '';
		this.requests.push({ route: `${method} ${path}`, body: bodyText });
		if (!this.online) throw new TypeError('Failed to fetch');
		const body: Record<string, string> = bodyText ? JSON.parse(bodyText) : {};
		const headers = new Headers(init.headers);
		const auth = headers.get('authorization')?.replace('Bearer ', '') ?? '';
		if (method === 'POST' && path === '/api/auth/challenge') {
			const challenge = `challenge-${++this.#serial}`;
			this.#challenges.add(challenge);
			return json(200, { challenge, expiresAt: this.time + 120_000 });
		}
		if (method === 'POST' && path === '/api/auth/session') return this.#session(body);
		const session = this.#tokens.get(auth);
		if (!session) return refuse(401, 'unauthorized');
		if (session.expiresAt <= this.time) return refuse(401, 'token-expired');
		if (path === '/api/me') {
			if (method === 'PUT') {
				const name = body.displayName ?? '';
				if (this.#taken(name, session.userId)) return refuse(409, 'name-taken');
				this.#people.set(session.userId, name);
			}
			return json(200, this.#me(session.userId));
		}
		const community = /^\/api\/communities\/([a-z-]+)\/pseudonym$/.exec(path)?.[1];
		if (method === 'POST' && community) {
			const key = `${community}/${body.publicKey}`;
			const clash = [...this.#pseudonyms.entries()].some(
				([other, { name }]) =>
					other.startsWith(`${community}/`) &&
					other !== key &&
					canonicalDisplayName(name) === canonicalDisplayName(body.displayName ?? '')
			);
			if (clash) return refuse(409, 'name-taken');
			const existed = this.#pseudonyms.has(key);
			this.#pseudonyms.set(key, { userId: session.userId, name: body.displayName ?? '' });
			const pseudonymId = userIdFromPublicKey(decodeBase64Url(body.publicKey ?? ''));
			return json(existed ? 200 : 201, {
				pseudonymId,
				communityId: community,
				displayName: body.displayName
			});
		}
		return refuse(404, 'not-found');
	};

	#session(body: Record<string, string>): Response {
		if (this.refuseSignIn) return refuse(401, this.refuseSignIn);
		const publicKey = decodeBase64Url(body.publicKey ?? '');
		const challenge = body.challenge ?? '';
		if (!this.#challenges.delete(challenge)) return refuse(401, 'challenge-unknown');
		const signed = { origin: body.origin ?? '', challenge, publicKey };
		if (body.origin !== ORIGIN) return refuse(401, 'wrong-origin');
		if (!verifyChallenge(signed, decodeBase64Url(body.signature ?? ''))) {
			return refuse(401, 'bad-signature');
		}
		const userId = userIdFromPublicKey(publicKey);
		if (!this.#people.has(userId)) {
			if (body.displayName === undefined) return refuse(400, 'display-name-required');
			if (this.#taken(body.displayName, userId)) return refuse(409, 'name-taken');
			this.#people.set(userId, body.displayName);
		}
		const token = `token-${++this.#serial}`;
		const expiresAt = this.time + DAY;
		this.#tokens.set(token, { userId, expiresAt });
		return json(200, { userId, displayName: this.#people.get(userId), token, expiresAt });
	}

	#taken(name: string, self: string): boolean {
		return [...this.#people.entries()].some(
			([userId, other]) =>
				userId !== self && canonicalDisplayName(other) === canonicalDisplayName(name)
		);
	}

	#me(userId: string) {
		const pseudonyms = [...this.#pseudonyms.entries()]
			.filter(([, owner]) => owner.userId === userId)
			.map(([key, { name }]) => {
				const [communityId = '', publicKey = ''] = key.split('/');
				return {
					pseudonymId: userIdFromPublicKey(decodeBase64Url(publicKey)),
					communityId,
					displayName: name
				};
			});
		return { userId, displayName: this.#people.get(userId), createdAt: 1, pseudonyms };
	}
}

function json(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json' }
	});
}

function refuse(status: number, code: string): Response {
	return json(status, { error: { code, message: code } });
}

let server: FakeServer;

beforeEach(() => {
	server = new FakeServer();
	storageHealth.clear();
	vi.spyOn(console, 'warn').mockImplementation(() => {});
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
	vi.restoreAllMocks();
});

/** A device: its own identity state over `repo`, talking to the shared fake server. */
async function device(repo = new MemoryIdentityRepository()): Promise<IdentityState> {
	const state = new IdentityState({ origin: () => ORIGIN, fetch: server.fetch, now: server.now });
	await state.attach(repo);
	return state;
}

/** Onboarding as the person does it: a name, the recovery code confirmed. */
async function setUp(state: IdentityState, name: string): Promise<void> {
	await state.setDisplayName(name);
	await state.confirmRecoveryCode();
	await state.settled();
}

describe('the first start', () => {
	it('makes a root secret once, silently, and keeps it', async () => {
		let writes = 0;
		const repo = new MemoryIdentityRepository({ beforeWrite: () => void writes++ });
		const first = await device(repo);
		expect(first.status).toBe('ready');
		await first.loadKeys();
		expect(first.userId).toMatch(/^[a-z2-7]{26}$/);
		expect(first.setupComplete).toBe(false);
		expect(first.displayName).toBeNull();
		expect(writes).toBe(1);
		const stored = (await repo.load()).identity;
		expect(stored?.rootSecret).toEqual(parseRecoveryCode(first.recoveryCode()));

		const reloaded = await device(repo);
		await reloaded.loadKeys();
		expect(reloaded.userId).toBe(first.userId);
		expect(reloaded.recoveryCode()).toBe(first.recoveryCode());
		expect(writes).toBe(1);
		expect(server.requests).toEqual([]);
	});

	it('gives each new device its own identity', async () => {
		const a = await device();
		const b = await device();
		await Promise.all([a.loadKeys(), b.loadKeys()]);
		expect(a.userId).not.toBe(b.userId);
	});

	it('keeps working in memory when the device refuses the write, and says so', async () => {
		const repo = new MemoryIdentityRepository({
			beforeWrite() {
				throw new DOMException('full', 'QuotaExceededError');
			}
		});
		const state = await device(repo);
		expect(state.status).toBe('ready');
		await state.loadKeys();
		expect(state.userId).not.toBeNull();
		expect(storageHealth.issue).toBe('full');
	});

	it('never replaces a stored identity it cannot read', async () => {
		const repo = new MemoryIdentityRepository({
			rows: [{ key: 'rootSecret', value: 'damaged' }]
		});
		const state = await device(repo);
		expect(state.status).toBe('failed');
		expect(state.userId).toBeNull();
		expect(storageHealth.issue).toBe('problem');
		await expect(repo.load()).rejects.toThrow('cannot be read');
		expect(() => state.recoveryCode()).toThrow(IdentityNotReadyError);
		await expect(state.sessionToken()).rejects.toThrow(IdentityNotReadyError);
	});

	it('refuses keys and sessions before it is loaded', async () => {
		const state = new IdentityState({ origin: () => ORIGIN, fetch: server.fetch });
		expect(state.status).toBe('loading');
		expect(() => state.pseudonymKeys('anxiety')).toThrow(IdentityNotReadyError);
		await expect(state.sessionToken()).rejects.toMatchObject({ reason: 'loading' });
		await expect(state.loadKeys()).rejects.toThrow(IdentityNotReadyError);
	});

	it('derives no keys until something needs them, then has the user id', async () => {
		const state = await device();
		expect(state.userId).toBeNull();
		expect(() => state.pseudonymKeys('anxiety')).toThrow(IdentityNotReadyError);
		await setUp(state, 'Sam');
		expect(state.userId).toMatch(/^[a-z2-7]{26}$/);
		expect(server.nameOf(state.userId)).toBe('Sam');
		expect(state.pseudonymKeys('anxiety').id).toMatch(/^[a-z2-7]{26}$/);
	});
});

describe('set-up', () => {
	it('keeps the name and the confirmation across a reload', async () => {
		const repo = new MemoryIdentityRepository();
		const state = await device(repo);
		server.online = false;
		await setUp(state, '  River   Stone ');
		expect(state.displayName).toBe('River Stone');
		expect(state.setupComplete).toBe(true);
		const reloaded = await device(repo);
		expect(reloaded.displayName).toBe('River Stone');
		expect(reloaded.setupComplete).toBe(true);
		expect(reloaded.hasActivity).toBe(true);
	});

	it('refuses a name the rules refuse, keeping the one it had', async () => {
		const state = await device();
		await state.setDisplayName('Sam');
		await expect(state.setDisplayName('   ')).rejects.toMatchObject({ code: 'display-name-empty' });
		await expect(state.setDisplayName('x'.repeat(33))).rejects.toMatchObject({
			code: 'display-name-too-long'
		});
		expect(state.displayName).toBe('Sam');
	});

	it('checks one group of the recovery code, forgiving case, spaces and look-alikes', async () => {
		const state = await device();
		const groups = state.recoveryCode().split('-');
		expect(groups).toHaveLength(RECOVERY_CODE_GROUPS);
		const ninth = groups[8] ?? '';
		expect(state.recoveryGroupMatches(9, ninth)).toBe(true);
		expect(state.recoveryGroupMatches(9, ` ${ninth.toLowerCase().replaceAll('0', 'o')} `)).toBe(
			true
		);
		expect(state.recoveryGroupMatches(9, groups[7] === ninth ? 'UUUU' : (groups[7] ?? ''))).toBe(
			false
		);
		expect(state.recoveryGroupMatches(9, ninth.slice(0, 3))).toBe(false);
		expect(state.recoveryGroupMatches(15, ninth)).toBe(false);
	});

	it('gives no session before set-up is complete, and asks nothing of the server', async () => {
		const state = await device();
		await state.setDisplayName('Sam');
		await expect(state.sessionToken()).rejects.toMatchObject({ reason: 'setup-incomplete' });
		state.whenOnline();
		await state.settled();
		expect(server.requests).toEqual([]);
	});
});

describe('registering and signing in', () => {
	it('fails cleanly offline, then registers when a connection appears', async () => {
		const repo = new MemoryIdentityRepository();
		const state = await device(repo);
		server.online = false;
		await setUp(state, 'Sam');
		expect(state.registration).toEqual({ kind: 'unregistered' });
		await expect(state.sessionToken()).rejects.toThrow(TypeError);

		server.online = true;
		state.whenOnline();
		await state.settled();
		expect(state.registration).toEqual({ kind: 'registered' });
		expect(server.nameOf(state.userId)).toBe('Sam');

		// The session is kept on the device and reused after a reload, with no new sign-in.
		const before = server.routes().length;
		const reloaded = await device(repo);
		expect(reloaded.registration).toEqual({ kind: 'registered' });
		expect(await reloaded.sessionToken()).toBe(await state.sessionToken());
		expect(server.routes().length).toBe(before);
	});

	it('signs in once for many callers at the same moment', async () => {
		const state = await device();
		server.online = false;
		await setUp(state, 'Sam');
		server.online = true;
		const tokens = await Promise.all([
			state.sessionToken(),
			state.sessionToken(),
			state.sessionToken()
		]);
		expect(new Set(tokens).size).toBe(1);
		expect(server.routes().filter((route) => route === 'POST /api/auth/session')).toHaveLength(1);
	});

	it('renews the session before it expires, without the person noticing', async () => {
		const state = await device();
		await setUp(state, 'Sam');
		const first = await state.sessionToken();
		server.time += DAY - SESSION_RENEW_MARGIN_MS - 1000;
		expect(await state.sessionToken()).toBe(first);
		server.time += 2000;
		const second = await state.sessionToken();
		expect(second).not.toBe(first);
		expect(state.registration).toEqual({ kind: 'registered' });
	});

	it('signs in again when the server says the token expired (401), and carries on', async () => {
		const state = await device();
		await setUp(state, 'Sam');
		const first = await state.sessionToken();
		server.forgetSessions();
		await state.registerPseudonym('anxiety', 'Quiet River');
		expect(await state.sessionToken()).not.toBe(first);
		expect(state.pseudonymNames).toEqual({ anxiety: 'Quiet River' });
	});

	it('lets a caller report a refused token, so the next session is fresh', async () => {
		const state = await device();
		await setUp(state, 'Sam');
		const first = await state.sessionToken();
		state.sessionRefused('some other token');
		expect(await state.sessionToken()).toBe(first);
		state.sessionRefused(first);
		expect(await state.sessionToken()).not.toBe(first);
	});

	it.each(['bad-signature', 'wrong-origin', 'key-in-use'])(
		'reports a refusal (%s) as SignedOutError',
		async (code) => {
			const state = await device();
			server.refuseSignIn = code;
			await setUp(state, 'Sam');
			await expect(state.sessionToken()).rejects.toThrow(SignedOutError);
			expect(state.registration).toEqual({ kind: 'failed', reason: code });
		}
	);

	it('tries a fresh challenge once when the first one is refused as expired', async () => {
		let refusals = 1;
		const flaky: Fetch = async (url, init) =>
			url.endsWith('/api/auth/session') && refusals-- > 0
				? refuse(401, 'challenge-expired')
				: server.fetch(url, init);
		const state = new IdentityState({ origin: () => ORIGIN, fetch: flaky, now: server.now });
		await state.attach(new MemoryIdentityRepository());
		await setUp(state, 'Robin');
		expect(state.registration).toEqual({ kind: 'registered' });
		expect(server.nameOf(state.userId)).toBe('Robin');
	});

	it('never sends the root secret or the recovery code', async () => {
		const state = await device();
		await setUp(state, 'Sam');
		await state.registerPseudonym('anxiety', 'Quiet');
		const code = state.recoveryCode();
		const secret = parseRecoveryCode(code);
		const wire = JSON.stringify(server.requests);
		expect(wire).not.toContain(code);
		expect(wire).not.toContain(code.replaceAll('-', ''));
		expect(wire).not.toContain(encodeBase64Url(secret));
	});
});

describe('a name someone already has', () => {
	it('holds registration until the person picks another, then registers', async () => {
		server.takeName('sam');
		const state = await device();
		await setUp(state, 'Sam');
		expect(state.registration).toEqual({ kind: 'name-taken', name: 'Sam' });
		await expect(state.sessionToken()).rejects.toThrow(NameTakenError);

		await state.setDisplayName('Sam by the river');
		await state.settled();
		expect(state.registration).toEqual({ kind: 'registered' });
		expect(server.nameOf(state.userId)).toBe('Sam by the river');
	});

	it('keeps the old name when a rename is refused, and says which name was taken', async () => {
		server.takeName('Robin');
		const state = await device();
		await setUp(state, 'Sam');
		await state.setDisplayName('robin');
		await state.settled();
		expect(state.renameConflict).toBe('robin');
		expect(state.displayName).toBe('Sam');
		expect(server.nameOf(state.userId)).toBe('Sam');
	});

	it('suggests a name that fits the rules', () => {
		expect(suggestDisplayName('Sam', () => 0.5)).toBe('Sam 55');
		expect([...suggestDisplayName('x'.repeat(32), () => 0)]).toHaveLength(32);
	});
});

describe('renaming', () => {
	it('keeps a rename made offline and sends it when a connection appears', async () => {
		const repo = new MemoryIdentityRepository();
		const state = await device(repo);
		await setUp(state, 'Sam');
		server.online = false;
		await state.setDisplayName('Sky');
		await state.settled();
		expect(state.displayName).toBe('Sky');
		expect(state.namePending).toBe(true);

		const reloaded = await device(repo);
		expect(reloaded.displayName).toBe('Sky');
		server.online = true;
		reloaded.whenOnline();
		await reloaded.settled();
		expect(server.nameOf(reloaded.userId)).toBe('Sky');
		expect(reloaded.namePending).toBe(false);
		expect((await repo.load()).identity?.pendingDisplayName).toBeNull();
	});

	it('sends a rename made while the server was still answering', async () => {
		const state = await device();
		await state.setDisplayName('Sam');
		await state.confirmRecoveryCode();
		// Set-up's own round is under way; the rename must not be lost behind it.
		await state.setDisplayName('Sky');
		await state.settled();
		expect(server.nameOf(state.userId)).toBe('Sky');
		expect(state.displayName).toBe('Sky');
	});
});

describe('pseudonyms', () => {
	it('gives each community its own key, the same every time, unlinked to the user id', async () => {
		const state = await device();
		await state.loadKeys();
		const anxiety = state.pseudonymKeys('anxiety');
		expect(state.pseudonymKeys('anxiety')).toEqual(anxiety);
		expect(anxiety.id).toBe(userIdFromPublicKey(anxiety.publicKey));
		expect(anxiety.id).not.toBe(state.userId);
		expect(state.pseudonymKeys('grief').id).not.toBe(anxiety.id);
	});

	it('registers idempotently, and reports a name taken in that community', async () => {
		const other = await device();
		await setUp(other, 'Other');
		await other.registerPseudonym('anxiety', 'Quiet');

		const state = await device();
		await setUp(state, 'Sam');
		await state.registerPseudonym('anxiety', 'Calm');
		await state.registerPseudonym('anxiety', 'Calm');
		const error: unknown = await state
			.registerPseudonym('anxiety', 'quiet')
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NameTakenError);
		expect(error).toMatchObject({ displayName: 'quiet' });
		expect(state.pseudonymNames).toEqual({ anxiety: 'Calm' });
	});

	it('waits for set-up before registering one', async () => {
		const state = await device();
		await expect(state.registerPseudonym('anxiety', 'Calm')).rejects.toThrow(IdentityNotReadyError);
	});
});

describe('restoring on a new device', () => {
	async function original(): Promise<IdentityState> {
		const state = await device();
		await setUp(state, 'River');
		await state.registerPseudonym('grief', 'Willow');
		return state;
	}

	it('replaces the fresh identity and brings the names back from the server', async () => {
		const old = await original();
		const repo = new MemoryIdentityRepository();
		const state = await device(repo);
		expect(state.hasActivity).toBe(false);
		const messy = old.recoveryCode().toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
		await state.restore(messy);
		await state.settled();
		expect(state.userId).toBe(old.userId);
		expect(state.setupComplete).toBe(true);
		expect(state.displayName).toBe('River');
		expect(state.pseudonymNames).toEqual({ grief: 'Willow' });
		expect(state.pseudonymKeys('grief').id).toBe(old.pseudonymKeys('grief').id);
		const again = await device(repo);
		await again.loadKeys();
		expect(again.userId).toBe(old.userId);
	});

	it('takes the root secret a linked phone sends, showing its name until the server’s', async () => {
		const old = await original();
		const state = await device();
		server.online = false;
		await state.restoreSecret(parseRecoveryCode(old.recoveryCode()), 'River');
		await state.settled();
		expect(state.userId).toBe(old.userId);
		expect(state.setupComplete).toBe(true);
		expect(state.displayName).toBe('River');
		server.online = true;
		state.whenOnline();
		await state.settled();
		expect(state.pseudonymNames).toEqual({ grief: 'Willow' });
		await expect(state.restoreSecret(new Uint8Array(16))).rejects.toThrow(/32 bytes/);
		expect(state.userId).toBe(old.userId);
	});

	it('works offline; the name comes when a connection appears', async () => {
		const old = await original();
		const state = await device();
		server.online = false;
		await state.restore(old.recoveryCode());
		await state.settled();
		expect(state.userId).toBe(old.userId);
		expect(state.displayName).toBeNull();
		server.online = true;
		state.whenOnline();
		await state.settled();
		expect(state.displayName).toBe('River');
	});

	it('asks for a name when the server never heard of the restored identity', async () => {
		const offline = await device();
		const code = offline.recoveryCode();
		const state = await device();
		await state.restore(code);
		await state.settled();
		expect(state.registration).toEqual({ kind: 'failed', reason: 'display-name-required' });
		await expect(state.sessionToken()).rejects.toMatchObject({ reason: 'needs-name' });
		await state.setDisplayName('Fern');
		await state.settled();
		expect(state.registration).toEqual({ kind: 'registered' });
	});

	it.each([
		['a wrong length', (code: string) => code.slice(0, -4), 'recovery-code-length'],
		[
			'a mistyped character',
			(code: string) => (code.startsWith('A') ? 'B' : 'A') + code.slice(1),
			'recovery-code-checksum'
		],
		[
			'a character it never uses',
			(code: string) => `${code.slice(0, -1)}U`,
			'recovery-code-characters'
		]
	])('refuses %s and changes nothing', async (_what, spoil, problem) => {
		const old = await original();
		const state = await device();
		const before = state.userId;
		const error: unknown = await state.restore(spoil(old.recoveryCode())).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(RecoveryCodeError);
		expect(error).toMatchObject({ code: problem });
		expect(state.userId).toBe(before);
	});

	it('keeps nothing from a sign-in that was still out for the identity it replaced', async () => {
		const old = await original();
		const state = await device();
		await state.setDisplayName('Someone else');
		const release = server.hold();
		await state.confirmRecoveryCode();
		// Set-up's sign-in is on its way when the restore lands.
		await state.restore(old.recoveryCode());
		release();
		await state.settled();
		expect(state.userId).toBe(old.userId);
		expect(state.registration).toEqual({ kind: 'registered' });
		expect(state.displayName).toBe('River');
		expect(await state.sessionToken()).toBeTruthy();
	});

	it('replaces an identity in use, its session and name included', async () => {
		const old = await original();
		const state = await device();
		await setUp(state, 'Someone else');
		expect(state.hasActivity).toBe(true);
		await state.restore(old.recoveryCode());
		await state.settled();
		expect(state.userId).toBe(old.userId);
		expect(state.displayName).toBe('River');
		expect(server.nameOf(state.userId)).toBe('River');
	});
});
