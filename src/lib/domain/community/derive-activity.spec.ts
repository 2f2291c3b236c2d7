import { describe, expect, it } from 'vitest';
import { formatHlc } from '../journal/hlc';
import { emptyCommunityState } from './community-document';
import { deriveActivity } from './derive-activity';
import { reactionId, type ReactionKind, type Reply, type ThreadHeader } from './records';

const ME = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbba';
const MOD = 'mmmmmmmmmmmmmmmmmmmmmmmmma';
const at = (wall: number) => formatHlc({ wall, counter: 0, node: 'n' });

const thread = (id: string, author: string): ThreadHeader => ({
	id,
	author,
	at: at(1),
	title: `Thread ${id}`,
	body: 'b',
	contentWarning: null,
	tags: [],
	editedAt: null
});
const reply = (id: string, to: string, author: string, wall: number): Reply => ({
	id,
	thread: to,
	author,
	at: at(wall),
	body: 'r',
	contentWarning: null,
	editedAt: null
});

function community() {
	const s = emptyCommunityState();
	for (const t of [thread('mine', ME), thread('theirs', BOB)]) s.threads.set(t.id, t);
	for (const r of [
		reply('r-bob', 'mine', BOB, 10),
		reply('r-me', 'mine', ME, 11),
		reply('r-mine-there', 'theirs', ME, 12),
		reply('r-bob-there', 'theirs', BOB, 13)
	]) {
		s.replies.set(r.id, r);
	}
	const react = (target: string, kind: ReactionKind, author: string, wall: number) =>
		s.reactions.set(reactionId(target, kind, author), {
			id: reactionId(target, kind, author),
			target,
			kind,
			author,
			at: at(wall)
		});
	react('mine', 'me-too', BOB, 20);
	react('mine', 'me-too', ME, 21);
	react('r-mine-there', 'thank-you', BOB, 22);
	react('r-bob-there', 'strength', BOB, 23);
	return s;
}

describe('deriveActivity', () => {
	it('lists others’ replies to my threads and reactions to my posts, newest first', () => {
		expect(
			deriveActivity(community(), { me: ME }).map((item) => [item.kind, item.id, item.threadId])
		).toEqual([
			['reaction', reactionId('r-mine-there', 'thank-you', BOB), 'theirs'],
			['reaction', reactionId('mine', 'me-too', BOB), 'mine'],
			['reply', 'r-bob', 'mine']
		]);
	});

	it('names the thread, the reaction kind and who did it', () => {
		const [latest] = deriveActivity(community(), { me: ME });
		expect(latest).toEqual({
			id: reactionId('r-mine-there', 'thank-you', BOB),
			threadId: 'theirs',
			threadTitle: 'Thread theirs',
			kind: 'reaction',
			reaction: 'thank-you',
			by: BOB,
			at: at(22)
		});
	});

	it('leaves out blocked people, hidden replies and hidden threads', () => {
		const s = community();
		expect(deriveActivity(s, { me: ME, blocked: new Set([BOB]) })).toEqual([]);
		s.marks.set('r-bob', { id: 'r-bob', hidden: true, by: MOD, at: at(30), reason: null });
		s.marks.set('theirs', { id: 'theirs', hidden: true, by: MOD, at: at(30), reason: null });
		expect(deriveActivity(s, { me: ME }).map((item) => item.id)).toEqual([
			reactionId('mine', 'me-too', BOB)
		]);
	});
});
