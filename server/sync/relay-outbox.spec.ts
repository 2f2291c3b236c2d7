import { describe, expect, it } from 'vitest';
import { RelayOutbox, type RelayedUpdate } from './relay-outbox';

/** An outbox over a socket whose writes complete only when the test says so. */
function outbox() {
	const sent: string[] = [];
	const writes: ((sent: boolean) => void)[] = [];
	const merges: string[][] = [];
	const box = new RelayOutbox({
		send: (message, done) => {
			sent.push(Buffer.from(message).toString());
			writes.push(done);
		},
		merge: (updates) => {
			const names = updates.map((u) => Buffer.from(u.update).toString());
			merges.push(names);
			return Buffer.from(`merged(${names.join('+')})`);
		}
	});
	const complete = (ok = true) => writes.shift()?.(ok);
	return { box, sent, merges, complete, pending: () => writes.length };
}

let seq = 0;
function update(name: string): RelayedUpdate {
	return { seq: ++seq, update: Buffer.from(name), message: Buffer.from(`msg(${name})`) };
}

describe('RelayOutbox', () => {
	it('sends at once when nothing is on its way out', () => {
		const { box, sent, complete } = outbox();
		box.update(update('a'));
		complete();
		box.update(update('b'));
		expect(sent).toEqual(['msg(a)', 'msg(b)']);
	});

	it('merges the updates that arrive while a relay is still being written', () => {
		const { box, sent, merges, complete, pending } = outbox();
		box.update(update('a'));
		box.update(update('b'));
		box.update(update('c'));
		expect(sent).toEqual(['msg(a)']);
		expect(box.heldBytes).toBe('msg(b)'.length + 'msg(c)'.length);

		complete();
		expect(sent).toEqual(['msg(a)', 'merged(b+c)']);
		expect(merges).toEqual([['b', 'c']]);
		expect(box.heldBytes).toBe(0);
		expect(pending()).toBe(1);
	});

	it('sends a single waiting update as it is, without merging', () => {
		const { box, sent, merges, complete } = outbox();
		box.update(update('a'));
		box.update(update('b'));
		complete();
		expect(sent).toEqual(['msg(a)', 'msg(b)']);
		expect(merges).toEqual([]);
	});

	it('keeps other messages in their place, merging only the updates between them', () => {
		const { box, sent, complete, pending } = outbox();
		box.message(Buffer.from('presence-1'));
		box.update(update('a'));
		box.update(update('b'));
		box.message(Buffer.from('presence-2'));
		box.message(Buffer.from('presence-3'));
		box.update(update('c'));
		complete();
		expect(sent).toEqual(['presence-1', 'merged(a+b)', 'presence-2', 'presence-3', 'msg(c)']);
		// Everything sent is written before anything waiting goes.
		box.update(update('d'));
		for (let i = 0; i < 3; i++) complete();
		expect(sent).toHaveLength(5);
		complete();
		expect(sent.at(-1)).toBe('msg(d)');
		expect(pending()).toBe(1);
	});

	it('drops what waits once a write fails (the socket closed)', () => {
		const { box, sent, complete } = outbox();
		box.update(update('a'));
		box.update(update('b'));
		complete(false);
		expect(sent).toEqual(['msg(a)']);
		expect(box.heldBytes).toBe(0);
	});

	it('holds nothing after clear', () => {
		const { box, sent, complete } = outbox();
		box.update(update('a'));
		box.update(update('b'));
		box.clear();
		complete();
		expect(sent).toEqual(['msg(a)']);
	});
});
