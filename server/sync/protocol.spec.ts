import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	decodeAwarenessUpdate,
	decodeClientMessage,
	decodeStateVector,
	encodeAwarenessUpdate,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeSyncUpdate,
	MalformedMessageError
} from './protocol';

/** Writes a message the way the stock client does, with y-protocols and lib0. */
function stock(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function docWithText(text: string): Y.Doc {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return doc;
}

describe('decodeClientMessage', () => {
	it('reads what the stock client sends', () => {
		const doc = docWithText('hello');
		const step1 = stock((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeSyncStep1(e, doc);
		});
		expect(decodeClientMessage(step1)).toEqual({
			type: 'sync-step1',
			stateVector: Y.encodeStateVector(doc)
		});

		const step2 = stock((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeSyncStep2(e, doc);
		});
		expect(decodeClientMessage(step2)).toEqual({
			type: 'sync-step2',
			update: Y.encodeStateAsUpdate(doc)
		});

		const update = Y.encodeStateAsUpdate(doc);
		const updateMessage = stock((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeUpdate(e, update);
		});
		expect(decodeClientMessage(updateMessage)).toEqual({ type: 'sync-update', update });

		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ name: 'Ash' });
		const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
		const awarenessMessage = stock((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint8Array(e, presence);
		});
		expect(decodeClientMessage(awarenessMessage)).toEqual({ type: 'awareness', update: presence });
		expect(decodeAwarenessUpdate(presence)).toEqual([
			{ clientId: doc.clientID, clock: 1, json: '{"name":"Ash"}' }
		]);
		awareness.destroy();

		expect(decodeClientMessage(Uint8Array.of(3))).toEqual({ type: 'query-awareness' });
	});

	it('round-trips what the server encodes', () => {
		const update = Y.encodeStateAsUpdate(docWithText('x'));
		expect(decodeClientMessage(encodeSyncUpdate(update))).toEqual({ type: 'sync-update', update });
		expect(decodeClientMessage(encodeSyncStep2(update))).toEqual({ type: 'sync-step2', update });
		const sv = Y.encodeStateVector(docWithText('y'));
		expect(decodeClientMessage(encodeSyncStep1(sv))).toEqual({
			type: 'sync-step1',
			stateVector: sv
		});
	});

	it.each([
		['an empty message', []],
		['a truncated varint', [0x80]],
		['a varint longer than 53 bits', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]],
		['an unknown message type', [7]],
		['an auth message, which only the server sends', [2, 0, 0]],
		['an unknown sync sub-type', [0, 3, 0]],
		['a sync message without its payload', [0, 2]],
		['a payload length past the end', [0, 2, 5, 0, 0]],
		['bytes after the end', [0, 2, 2, 0, 0, 9]],
		['a query with trailing bytes', [3, 0]],
		['a state vector that does not decode', [0, 0, 2, 1, 5]],
		['a state vector with trailing bytes', [0, 0, 4, 1, 5, 3, 0]]
	])('refuses %s', (_what, bytes) => {
		expect(() => decodeClientMessage(Uint8Array.from(bytes))).toThrow(MalformedMessageError);
	});

	it('copies payloads out, so they do not share the buffer they came in', () => {
		const pool = new Uint8Array(64).fill(0xee);
		pool.set([0, 2, 2, 0, 0], 10);
		const message = decodeClientMessage(pool.subarray(10, 15));
		if (message.type !== 'sync-update') throw new Error('expected an update');
		expect(message.update.buffer.byteLength).toBe(2);
	});
});

describe('decodeStateVector', () => {
	it('reads client clocks', () => {
		const doc = docWithText('abc');
		expect(decodeStateVector(Y.encodeStateVector(doc))).toEqual(new Map([[doc.clientID, 3]]));
	});
});

describe('decodeAwarenessUpdate', () => {
	const entry = (json: string) => encodeAwarenessUpdate([{ clientId: 7, clock: 1, json }]);

	it('accepts an object or null', () => {
		expect(decodeAwarenessUpdate(entry('{"a":1}'))).toHaveLength(1);
		expect(decodeAwarenessUpdate(entry('null'))).toEqual([{ clientId: 7, clock: 1, json: 'null' }]);
	});

	it.each([
		['not JSON', '{'],
		['an array', '[1]'],
		['a number', '3'],
		['a string', '"hi"']
	])('refuses a state that is %s', (_what, json) => {
		expect(() => decodeAwarenessUpdate(entry(json))).toThrow(MalformedMessageError);
	});

	it('refuses text that is not UTF-8', () => {
		expect(() => decodeAwarenessUpdate(Uint8Array.of(1, 7, 1, 1, 0xff))).toThrow(
			MalformedMessageError
		);
	});
});
