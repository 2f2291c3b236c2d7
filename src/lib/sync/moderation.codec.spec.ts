import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ChangeRefusedError } from '../domain/community/change-policy';
import { MARKS_MAP, REACTIONS_MAP } from '../domain/community/community-document';
import { InvalidRecordError } from '../domain/community/parse-community-record';
import type { Reply, ThreadHeader } from '../domain/community/records';
import { formatHlc } from '../domain/journal/hlc';
import {
	MissingRecordError,
	react,
	readCommunity,
	writeReply,
	writeThread
} from './community.codec';
import { hideRecord, removeRecord, unhideRecord } from './moderation.codec';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const MOD = 'mmmmmmmmmmmmmmmmmmmmmmmmma';
const T1 = 'threadaxxxxxxxxxxxxxxxxxxa';
const T2 = 'threadbxxxxxxxxxxxxxxxxxxa';
const R1 = 'replyaxxxxxxxxxxxxxxxxxxxa';
const R2 = 'replybxxxxxxxxxxxxxxxxxxxa';
const at = (wall: number) => formatHlc({ wall, counter: 0, node: 'n' });
const MODERATOR = { author: MOD, moderator: true };
const MEMBER = { author: MOD, moderator: false };

const thread = (id: string): ThreadHeader => ({
	id,
	author: ALICE,
	at: at(1_000),
	title: 'Evenings',
	body: 'What helps you wind down?',
	contentWarning: null,
	tags: [],
	editedAt: null
});

const reply = (id: string, threadId: string): Reply => ({
	id,
	thread: threadId,
	author: BOB,
	at: at(2_000),
	body: `Reply ${id}`,
	contentWarning: null,
	editedAt: null
});

/** Two threads; T1 has replies R1 and R2, reactions on T1 and R1, and R1 is hidden. */
function community(): Y.Doc {
	const doc = new Y.Doc();
	writeThread(doc, thread(T1));
	writeThread(doc, thread(T2));
	writeReply(doc, reply(R1, T1));
	writeReply(doc, reply(R2, T1));
	react(doc, { target: T1, kind: 'hear-you', author: BOB, at: at(3_000) });
	react(doc, { target: R1, kind: 'me-too', author: ALICE, at: at(3_000) });
	react(doc, { target: T2, kind: 'strength', author: BOB, at: at(3_000) });
	hideRecord(doc, { target: R1, by: MOD, at: at(4_000), reason: 'Unkind' }, MODERATOR);
	return doc;
}

describe('hiding and unhiding', () => {
	it('writes a mark under the record id naming the moderator and the reason', () => {
		const doc = community();
		const mark = hideRecord(
			doc,
			{ target: T1, by: MOD, at: at(5_000), reason: '  Personal details  ' },
			MODERATOR
		);
		expect(mark).toEqual({
			id: T1,
			hidden: true,
			by: MOD,
			at: at(5_000),
			reason: 'Personal details'
		});
		expect(readCommunity(doc).state.marks.get(T1)).toEqual(mark);
		// The record itself is untouched: a hide is reversible.
		expect(readCommunity(doc).state.threads.get(T1)).toEqual(thread(T1));
	});

	it('keeps the mark on unhide, with hidden false and why', () => {
		const doc = community();
		unhideRecord(doc, { target: R1, by: MOD, at: at(5_000), reason: 'Asked again' }, MODERATOR);
		expect(readCommunity(doc).state.marks.get(R1)).toEqual({
			id: R1,
			hidden: false,
			by: MOD,
			at: at(5_000),
			reason: 'Asked again'
		});
		expect(readCommunity(doc).state.replies.has(R1)).toBe(true);
	});

	it('stores a blank reason as none', () => {
		const doc = community();
		const mark = hideRecord(doc, { target: R2, by: MOD, at: at(5_000), reason: ' ' }, MODERATOR);
		expect(mark.reason).toBeNull();
	});

	it('refuses a member, leaving the document as it was', () => {
		const doc = community();
		const before = Y.encodeStateVector(doc);
		const attempt = () =>
			hideRecord(doc, { target: T1, by: MOD, at: at(5_000), reason: null }, MEMBER);
		expect(attempt).toThrow(ChangeRefusedError);
		expect(attempt).toThrow(/moderators-only/);
		expect(Y.encodeStateVector(doc)).toEqual(before);
		expect(() =>
			unhideRecord(doc, { target: R1, by: MOD, at: at(5_000), reason: null }, MEMBER)
		).toThrow(/moderators-only/);
	});

	it('refuses a mark in someone else’s name', () => {
		const doc = community();
		expect(() =>
			hideRecord(doc, { target: T1, by: ALICE, at: at(5_000), reason: null }, MODERATOR)
		).toThrow(/not-author/);
	});

	it('refuses a reason over 500 characters and a missing target', () => {
		const doc = community();
		expect(() =>
			hideRecord(doc, { target: T1, by: MOD, at: at(5_000), reason: 'x'.repeat(501) }, MODERATOR)
		).toThrow(InvalidRecordError);
		expect(() =>
			hideRecord(
				doc,
				{ target: 'nothingxxxxxxxxxxxxxxxxxxa', by: MOD, at: at(5_000), reason: null },
				MODERATOR
			)
		).toThrow(MissingRecordError);
	});
});

describe('removal', () => {
	it('deletes a thread with its replies, their reactions and their marks, and nothing else', () => {
		const doc = community();
		expect(removeRecord(doc, T1, MODERATOR)).toBe('thread');
		const { state } = readCommunity(doc);
		expect([...state.threads.keys()]).toEqual([T2]);
		expect(state.replies.size).toBe(0);
		expect([...state.reactions.values()].map((r) => r.target)).toEqual([T2]);
		expect(doc.getMap(MARKS_MAP).size).toBe(0);
	});

	it('deletes a reply with its reactions and mark, keeping its thread', () => {
		const doc = community();
		expect(removeRecord(doc, R1, MODERATOR)).toBe('reply');
		const { state } = readCommunity(doc);
		expect([...state.replies.keys()]).toEqual([R2]);
		expect(state.threads.has(T1)).toBe(true);
		expect([...state.reactions.values()].map((r) => r.target).sort()).toEqual([T1, T2].sort());
		expect(state.marks.has(R1)).toBe(false);
	});

	it('reaches peers as one change', () => {
		const doc = community();
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		let updates = 0;
		peer.on('update', () => updates++);
		doc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));
		removeRecord(doc, T1, MODERATOR);
		expect(updates).toBe(1);
		expect(readCommunity(peer).state.threads.has(T1)).toBe(false);
		expect(peer.getMap(REACTIONS_MAP).size).toBe(1);
	});

	it('refuses a member, deleting nothing', () => {
		const doc = community();
		expect(() => removeRecord(doc, R2, MEMBER)).toThrow(/not-yours/);
		expect(() => removeRecord(doc, R1, MEMBER)).toThrow(ChangeRefusedError);
		expect(readCommunity(doc).state.replies.size).toBe(2);
	});

	it('says when the record is not in this document', () => {
		expect(() => removeRecord(community(), 'nothingxxxxxxxxxxxxxxxxxxa', MODERATOR)).toThrow(
			MissingRecordError
		);
	});
});
