// Linking a second device, against a real server on port 0 with the clock in the test's hands:
// the old phone leaves a sealed box under the drop id its link code derives, the new phone takes
// it once, with no identity of its own yet. Expiry, replacing, cancelling, sizes, guessing and
// who may leave a box are all checked over real HTTP.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITIES_FILE, loadCommunities } from '../../server/api/communities';
import { createApi } from '../../server/api/create-api';
import { LINK_TTL_MS } from '../../server/api/link-drops';
import { LINK_BODY_LIMIT_BYTES, LINK_TAKES_PER_MINUTE } from '../../server/api/links';
import type { IdentityStore } from '../../server/identity/identity-store';
import { openSqliteIdentityStore } from '../../server/identity/sqlite-identity-store';
import { loadTokenSecret } from '../../server/identity/token-secret';
import { createTokenService } from '../../server/identity/tokens';
import { silentLogger } from '../../server/logger';
import {
	KEY_BYTES,
	randomBytes,
	type SealedBox
} from '../../src/lib/domain/journal-crypto/aes-gcm';
import { newLinkSecret } from '../../src/lib/domain/journal-crypto/link-code';
import {
	linkDropId,
	openLinkPayload,
	sealLinkPayload
} from '../../src/lib/domain/journal-crypto/link-payload';
import { newRootSecret } from '../../src/lib/domain/identity/root-secret';
import { callApi, errorOf, type ApiAnswer } from '../support/api-call';
import { signInPerson, type TestPerson } from '../support/assembled-server';
import { startTestServer, type TestServer } from '../support/start-server';
import { makeTempFolders, type TempFolders } from './fake-build';

let folders: TempFolders;
let identities: IdentityStore;
let app: TestServer;
let time = Date.now();
let sam: TestPerson;
let ada: TestPerson;

beforeAll(async () => {
	folders = await makeTempFolders();
	await mkdir(folders.dataDir, { recursive: true });
	identities = openSqliteIdentityStore(join(folders.dataDir, 'hearth.sqlite'));
	const now = () => time;
	const tokens = createTokenService({
		secret: await loadTokenSecret(folders.dataDir, silentLogger),
		now
	});
	const communities = await loadCommunities(DEFAULT_COMMUNITIES_FILE);
	const api = createApi({ identities, tokens, communities, now, log: silentLogger });
	app = await startTestServer({ ...folders, api });
	const options = { acceptGuidelines: false };
	sam = await signInPerson(app.url, 'Sam', 'anxiety', newRootSecret(), options);
	ada = await signInPerson(app.url, 'Ada', 'anxiety', newRootSecret(), options);
});

afterAll(async () => {
	await app.close();
	await identities.close();
	await folders.remove();
});

// Every test starts in a fresh minute, so the per-address limit on taking is never in the way.
beforeEach(() => {
	time += 2 * 60_000;
});

const call = (method: string, path: string, person?: TestPerson, body?: unknown) =>
	callApi(app.url, method, path, person, body);

/** A link as the old phone makes it: a new secret, and a box sealed with it. */
async function newLink(): Promise<{ secret: Uint8Array; dropId: string; box: SealedBox }> {
	const secret = newLinkSecret();
	const box = await sealLinkPayload(secret, {
		rootSecret: newRootSecret(),
		keys: new Map([['k1', randomBytes(KEY_BYTES)]]),
		current: 'k1',
		displayName: 'Sam'
	});
	return { secret, dropId: await linkDropId(secret), box };
}

const leave = (person: TestPerson, dropId: string, box: SealedBox) =>
	call('POST', '/api/links', person, { dropId, box });

const take = (dropId: string) => call('GET', `/api/links/${dropId}`);

function codeOf(answer: ApiAnswer): unknown {
	const error = errorOf(answer);
	return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

describe('linking a device through the server', () => {
	it('hands the sealed box to the new phone, which opens it with the code', async () => {
		const link = await newLink();
		const left = await leave(sam, link.dropId, link.box);
		expect(left.status).toBe(201);
		expect(left.body).toEqual({ expiresAt: time + LINK_TTL_MS, expiresInMs: LINK_TTL_MS });

		const taken = await take(link.dropId);
		expect(taken.status).toBe(200);
		expect(taken.body.box).toEqual(link.box);
		const opened = await openLinkPayload(link.secret, link.box);
		expect(opened.displayName).toBe('Sam');
	});

	it('hands it out once only', async () => {
		const link = await newLink();
		await leave(sam, link.dropId, link.box);
		expect((await take(link.dropId)).status).toBe(200);
		const again = await take(link.dropId);
		expect(again.status).toBe(404);
		expect(codeOf(again)).toBe('unknown-link');
	});

	it('says whether a box waits, on HEAD, without using it up', async () => {
		const link = await newLink();
		await leave(sam, link.dropId, link.box);
		const head = await fetch(`${app.url}/api/links/${link.dropId}`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect((await take(link.dropId)).status).toBe(200);
		const gone = await fetch(`${app.url}/api/links/${link.dropId}`, { method: 'HEAD' });
		expect(gone.status).toBe(404);
	});

	it('forgets the box after ten minutes', async () => {
		const link = await newLink();
		await leave(sam, link.dropId, link.box);
		time += LINK_TTL_MS - 1;
		const head = await fetch(`${app.url}/api/links/${link.dropId}`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		time += 1;
		expect(codeOf(await take(link.dropId))).toBe('unknown-link');
	});

	it('keeps one open link per person: a new one replaces the old', async () => {
		const first = await newLink();
		const second = await newLink();
		await leave(sam, first.dropId, first.box);
		await leave(sam, second.dropId, second.box);
		expect(codeOf(await take(first.dropId))).toBe('unknown-link');
		expect((await take(second.dropId)).status).toBe(200);
	});

	it('lets the person cancel their link, and only their own', async () => {
		const mine = await newLink();
		const theirs = await newLink();
		await leave(sam, mine.dropId, mine.box);
		await leave(ada, theirs.dropId, theirs.box);
		expect((await call('DELETE', '/api/links', sam)).status).toBe(204);
		expect(codeOf(await take(mine.dropId))).toBe('unknown-link');
		expect((await take(theirs.dropId)).status).toBe(200);
		// Cancelling with nothing open is fine: the phone may not know the link was used.
		expect((await call('DELETE', '/api/links', sam)).status).toBe(204);
	});

	it('refuses a drop id another person holds', async () => {
		const link = await newLink();
		await leave(sam, link.dropId, link.box);
		const answer = await leave(ada, link.dropId, link.box);
		expect(answer.status).toBe(409);
		expect(codeOf(answer)).toBe('link-exists');
	});

	it.each([
		['never left', 'AAAAAAAAAAAAAAAAAAAAAA'],
		['not a drop id at all', 'not-a-drop-id']
	])('answers 404 unknown-link for an id %s', async (_what, dropId) => {
		const answer = await take(dropId);
		expect(answer.status).toBe(404);
		expect(codeOf(answer)).toBe('unknown-link');
	});

	it('needs a signed-in person to leave or cancel a link', async () => {
		const link = await newLink();
		const anonymous = await call('POST', '/api/links', undefined, {
			dropId: link.dropId,
			box: link.box
		});
		expect(anonymous.status).toBe(401);
		expect(codeOf(anonymous)).toBe('unauthorized');
		expect((await call('DELETE', '/api/links')).status).toBe(401);
		expect(codeOf(await take(link.dropId))).toBe('unknown-link');
	});

	it('refuses a box over 8 KiB, and one that is not a box', async () => {
		const link = await newLink();
		const big = { iv: link.box.iv, ct: 'A'.repeat(LINK_BODY_LIMIT_BYTES) };
		const tooBig = await leave(sam, link.dropId, big);
		expect(tooBig.status).toBe(413);
		expect(codeOf(tooBig)).toBe('body-too-large');

		const noBox = await call('POST', '/api/links', sam, { dropId: link.dropId });
		expect(noBox.status).toBe(400);
		expect(errorOf(noBox)).toMatchObject({ code: 'invalid-body', field: 'box' });
		const badId = await leave(sam, 'short', link.box);
		expect(errorOf(badId)).toMatchObject({ code: 'invalid-body', field: 'dropId' });
	});

	it(`slows down an address after ${LINK_TAKES_PER_MINUTE} tries in a minute`, async () => {
		const link = await newLink();
		await leave(sam, link.dropId, link.box);
		for (let i = 0; i < LINK_TAKES_PER_MINUTE; i++) {
			expect((await take(`guess${String(i).padStart(17, '0')}`)).status).toBe(404);
		}
		const limited = await fetch(`${app.url}/api/links/${link.dropId}`);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		// Nothing was used up by the refusal: a minute later the box is still there.
		time += 60_000;
		expect((await take(link.dropId)).status).toBe(200);
	});
});
