/**
 * One view of a community read from its several month documents. Records live in exactly one
 * document (a thread's, by its creation month), so maps simply join; a member entry is written
 * into every document its person wrote in, and the latest name wins.
 */

import { compareHlc } from '../journal/hlc';
import { emptyCommunityState, type CommunityState } from './community-document';

export function mergeCommunityStates(states: Iterable<CommunityState>): CommunityState {
	const merged = emptyCommunityState();
	for (const state of states) {
		for (const [id, thread] of state.threads) merged.threads.set(id, thread);
		for (const [id, reply] of state.replies) merged.replies.set(id, reply);
		for (const [id, reaction] of state.reactions) merged.reactions.set(id, reaction);
		for (const [id, mark] of state.marks) {
			const known = merged.marks.get(id);
			if (known === undefined || compareHlc(mark.at, known.at) > 0) merged.marks.set(id, mark);
		}
		for (const [id, member] of state.members) {
			const known = merged.members.get(id);
			if (known === undefined || compareHlc(member.at, known.at) > 0) {
				merged.members.set(id, member);
			}
		}
	}
	return merged;
}
