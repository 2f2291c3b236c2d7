import { describe, expect, it } from 'vitest';
import { MemoryOutboxRepository } from '../storage/memory-outbox.repository';
import { ModerationRefusedError } from '../sync/moderation-api';
import { OutboxFullError, ReportOutbox, type OutboxRequest } from './report-outbox';

const REPORT: OutboxRequest = {
	kind: 'report',
	body: {
		communityId: 'anxiety',
		target: { kind: 'reply', id: 'replyaxxxxxxxxxxxxxxxxxxxa', part: '2026-11', thread: 'x' },
		reason: 'self-harm-risk',
		note: 'Please look'
	}
};
const AUDIT: OutboxRequest = {
	kind: 'audit',
	communityId: 'anxiety',
	body: { action: 'hide', target: 'replyaxxxxxxxxxxxxxxxxxxxa', reason: 'Unkind' }
};

type Answer = 'ok' | 'offline' | ModerationRefusedError;

/** A server that answers each request as `answers` says, in turn (then 'ok'). */
function server(...answers: Answer[]) {
	const received: OutboxRequest[] = [];
	return {
		received,
		answers,
		async send(request: OutboxRequest) {
			const answer = answers.shift() ?? 'ok';
			if (answer === 'offline') throw new TypeError('Failed to fetch');
			if (answer instanceof ModerationRefusedError) throw answer;
			received.push(request);
		}
	};
}

const tooMany = () => new ModerationRefusedError(429, 'too-many-reports', 'Too many', 3_600_000);

describe('ReportOutbox', () => {
	it('sends at once when the server is there, keeping nothing', async () => {
		const to = server();
		const outbox = new ReportOutbox({ store: new MemoryOutboxRepository(), send: to.send });
		expect(await outbox.submit(REPORT)).toBe('sent');
		expect(to.received).toEqual([REPORT]);
		expect(await outbox.pending()).toBe(0);
	});

	it('keeps what cannot reach the server, across a reload, and sends it in order later', async () => {
		const store = new MemoryOutboxRepository();
		const offline = server('offline', 'offline');
		const first = new ReportOutbox({ store, send: offline.send });
		expect(await first.submit(REPORT)).toBe('queued');
		expect(await first.submit(AUDIT)).toBe('queued');

		const online = server();
		const pending: number[] = [];
		const second = new ReportOutbox({
			store,
			send: online.send,
			onPending: (n) => pending.push(n)
		});
		expect(await second.pending()).toBe(2);
		expect(await second.flush()).toEqual({ sent: 2, kept: 0, dropped: [] });
		expect(online.received).toEqual([REPORT, AUDIT]);
		expect(pending).toEqual([0]);
		expect(await store.load()).toEqual([]);
	});

	it('stops at the first request that does not get through, keeping it and the rest', async () => {
		const store = new MemoryOutboxRepository();
		const outbox = new ReportOutbox({ store, send: server('offline', 'offline').send });
		await outbox.submit(REPORT);
		await outbox.submit(AUDIT);
		const flaky = server('ok', 'offline');
		const again = new ReportOutbox({ store, send: flaky.send });
		expect(await again.flush()).toEqual({ sent: 1, kept: 1, dropped: [] });
		expect(await again.pending()).toBe(1);
		expect(await again.flush()).toEqual({ sent: 1, kept: 0, dropped: [] });
		expect(flaky.received).toEqual([REPORT, AUDIT]);
	});

	it('tells the caller at once when the server refuses, keeping nothing', async () => {
		const outbox = new ReportOutbox({
			store: new MemoryOutboxRepository(),
			send: server(new ModerationRefusedError(404, 'unknown-community', 'No such community')).send
		});
		await expect(outbox.submit(REPORT)).rejects.toMatchObject({ code: 'unknown-community' });
		expect(await outbox.pending()).toBe(0);
	});

	it('on 429 says so, and waits the time the server names before sending anything', async () => {
		let now = 1_000;
		const store = new MemoryOutboxRepository();
		const to = server(tooMany());
		const outbox = new ReportOutbox({ store, send: to.send, now: () => now });
		await expect(outbox.submit(REPORT)).rejects.toMatchObject({ status: 429 });
		// Within the hour, an audit entry is kept rather than sent into the same refusal.
		expect(await outbox.submit(AUDIT)).toBe('queued');
		expect(await outbox.flush()).toEqual({ sent: 0, kept: 1, dropped: [] });
		expect(to.received).toEqual([]);
		now += 3_600_000;
		expect(await outbox.flush()).toEqual({ sent: 1, kept: 0, dropped: [] });
		expect(to.received).toEqual([AUDIT]);
	});

	it('keeps an item that meets a 429 or a failing server while flushing', async () => {
		const store = new MemoryOutboxRepository();
		await new ReportOutbox({ store, send: server('offline', 'offline').send }).submit(REPORT);
		await new ReportOutbox({ store, send: server('offline').send }).submit(AUDIT);
		const busy = new ReportOutbox({
			store,
			send: server(new ModerationRefusedError(503, 'unexpected', 'Away')).send
		});
		expect(await busy.flush()).toEqual({ sent: 0, kept: 2, dropped: [] });
		const limited = new ReportOutbox({ store, send: server(tooMany()).send });
		expect(await limited.flush()).toMatchObject({ sent: 0, kept: 2 });
	});

	it('drops, and hands back, kept items the server refuses for good', async () => {
		const store = new MemoryOutboxRepository();
		await new ReportOutbox({ store, send: server('offline').send }).submit(AUDIT);
		await new ReportOutbox({ store, send: server('offline').send }).submit(REPORT);
		const to = server(new ModerationRefusedError(403, 'forbidden', 'Not a moderator'));
		const result = await new ReportOutbox({ store, send: to.send }).flush();
		expect(result).toMatchObject({ sent: 1, kept: 0 });
		expect(result.dropped.map((item) => item.kind)).toEqual(['audit']);
		expect(to.received).toEqual([REPORT]);
	});

	it('keeps an audit entry that meets a passing failure; a report says so instead', async () => {
		const away = () => new ModerationRefusedError(503, 'unexpected', 'Away');
		const outbox = new ReportOutbox({
			store: new MemoryOutboxRepository(),
			send: server(away(), away()).send
		});
		expect(await outbox.submit(AUDIT)).toBe('queued');
		await expect(outbox.submit(REPORT)).rejects.toMatchObject({ status: 503 });
		expect(await outbox.pending()).toBe(1);
	});

	it('skips unreadable stored items rather than failing', async () => {
		const store = new MemoryOutboxRepository({ stored: [{ kind: 'report' }, 42] });
		const outbox = new ReportOutbox({ store, send: server().send });
		expect(await outbox.pending()).toBe(0);
		expect(await outbox.flush()).toEqual({ sent: 0, kept: 0, dropped: [] });
	});

	it('says when a request could neither be sent nor kept', async () => {
		const store = new MemoryOutboxRepository({
			beforeWrite() {
				throw new DOMException('Simulated: the device is full', 'QuotaExceededError');
			}
		});
		const outbox = new ReportOutbox({ store, send: server('offline').send });
		await expect(outbox.submit(REPORT)).rejects.toThrow(OutboxFullError);
	});
});
