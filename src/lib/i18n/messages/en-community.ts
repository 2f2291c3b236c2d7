/**
 * English messages for the community pages: browsing, joining, threads, replies, reactions and
 * activity. Loaded with those pages (`../community-messages.ts`); the bottom bar's community item
 * and the sync indicator, shown on every page, keep theirs in `en.ts`.
 */
import type { Message } from './message';

export const communityMessages = {
	'community.navActivity': 'Activity',
	'community.navActivityUnread': {
		one: 'Activity, {count} new',
		other: 'Activity, {count} new'
	},

	'community.loading': 'Opening…',
	'community.loadFailed':
		'This could not be opened just now. Nothing you wrote is lost. Please try again in a moment.',
	'community.notFound': 'This community is not on this phone.',
	'community.backToCommunities': 'All communities',
	'community.backToThreads': 'Back to {name}',
	'community.notJoined': 'You have not joined this community yet.',
	'community.readGuidelines': 'Read the guidelines and join',

	'community.listTitle': 'Communities',
	'community.listIntro':
		'Small groups of people who understand. Share as much or as little as you like.',
	'community.yoursTitle': 'Your communities',
	'community.yoursEmpty': 'You have not joined a community yet. You can find one below.',
	'community.yourName': 'You are {name} here',
	'community.unreadNone': 'Nothing new',
	'community.unread': {
		one: '{count} thread with something new',
		other: '{count} threads with something new'
	},
	'community.findTitle': 'Find a community',
	'community.catalogueLoading': 'Looking for communities…',
	'community.catalogueCached':
		'You are offline, so this is the list from the last time Hearth could look. It may have changed.',
	'community.catalogueUnavailable':
		'Hearth cannot see the list of communities yet. When you are connected it will appear here.',
	'community.catalogueEmpty': 'There are no communities to join just now.',
	'community.joined': 'Joined',
	'community.about': 'About {name}',

	'community.aboutTitle': 'About {name}',
	'community.guidelinesTitle': 'How we look after each other here',
	'community.joinExplain':
		'Joining means you accept these guidelines. You will have a name here that is yours alone, not linked to your other communities.',
	'community.join': 'Accept the guidelines and join',
	'community.joining': 'Joining…',
	'community.joinedNote': 'You are a member of this community.',
	'community.openThreads': 'Go to the conversations',
	'community.leave': 'Leave this community',
	'community.leaveConfirmTitle': 'Leave {name}?',
	'community.leaveConfirmText':
		'Its conversations will be removed from this phone. What you wrote stays in the community for others to read. You can join again at any time.',
	'community.leaveConfirm': 'Yes, leave',
	'community.leaveCancel': 'Stay',
	'community.joinFailed':
		'Joining did not work just now. Please try again when you have a connection.',
	'community.leaveFailed': 'Leaving did not work just now. Please try again.',

	'community.threadsTitle': 'Conversations',
	'community.startThread': 'Start a thread',
	'community.threadsEmpty':
		'No one has started a conversation here yet. You are welcome to be the first.',
	'community.threadUnread': 'New',
	'community.repliesNone': 'No replies yet',
	'community.replies': {
		one: '{count} reply',
		other: '{count} replies'
	},
	'community.tags': 'Tags: {tags}',
	'community.contentNote': 'Content note: {note}',
	'community.contentNoteShow': 'Show',
	'community.contentNoteHide': 'Hide again',
	'community.sensitiveNote': 'This post mentions {topics}.',
	'community.sensitiveTitle': 'A conversation on a sensitive topic',
	'community.topic.self-harm': 'self-harm',
	'community.topic.suicide': 'suicide',
	'community.topic.eating': 'eating',
	'community.topic.substances': 'substances',
	'community.topic.abuse': 'abuse',
	'community.block': 'Block',
	'community.blockQuestion':
		'Block {name}? Their posts and replies will disappear from your view in this community. They are not told. You can undo this in Settings, under “People you blocked”.',
	'community.blockYes': 'Block them',
	'community.blockNo': 'Keep showing',
	'community.blocked': '{name} is blocked. Their posts are hidden from you here.',
	'community.searchLabel': 'Search this community',
	'community.searchHint': 'Searches what is on this phone, even with no connection.',
	'community.searchResults': {
		one: '{count} match',
		other: '{count} matches'
	},
	'community.searchNone': 'Nothing here matches “{query}”.',
	'community.searchInReply': 'In a reply',
	'community.earlierShow': 'Show earlier months',
	'community.earlierLoading': 'Fetching earlier months…',
	'community.earlierNoneLeft': 'You have reached the very beginning.',
	'community.earlierOffline': 'Earlier months need a connection. Try again when you are online.',
	'community.earlierFailed': 'Earlier months could not be fetched just now.',

	'community.newTitle': 'Start a thread',
	'community.fieldTitle': 'Title',
	'community.fieldBody': 'What would you like to share?',
	'community.fieldContentNote': 'Content note (optional)',
	'community.fieldContentNoteHint':
		'If your post touches something hard, name it here (for example “loss” or “self-harm”). Others can then choose when to read it.',
	'community.fieldTags': 'Tags (optional)',
	'community.fieldTagsHint': 'Separate them with commas, for example: sleep, family',
	'community.post': 'Post',
	'community.posting': 'Saving…',
	'community.cancel': 'Cancel',
	'community.save': 'Save changes',
	'community.replyTitle': 'Reply',
	'community.replyLabel': 'Your reply',
	'community.replySend': 'Reply',
	'community.replySent': 'Your reply is saved.',

	'community.setupTitle': 'Before you write',
	'community.setupText':
		'To write in a community, Hearth first needs to set you up with a name. It takes a minute and asks for nothing personal.',
	'community.setupLink': 'Set up now',

	'community.authorMe': '{name} (you)',
	'community.edited': 'edited',
	'community.notDelivered': 'Only on this phone so far',
	'community.delivered': 'Sent',
	'community.edit': 'Edit',
	'community.delete': 'Delete',
	'community.deleteThreadConfirm':
		'Delete this thread? It will be removed for everyone, with its place in the conversation.',
	'community.deleteReplyConfirm': 'Delete this reply? It will be removed for everyone.',
	'community.deleteYes': 'Yes, delete',
	'community.deleteNo': 'Keep it',
	'community.deleted': 'Deleted.',
	'community.threadMissing':
		'This conversation is not on this phone. It may have been deleted, or it has not arrived yet.',
	'community.repliesTitle': 'Replies',
	'community.noReplies': 'No replies yet.',
	'community.reactionsLabel': 'Responses',
	'community.reaction.hear-you': 'I hear you',
	'community.reaction.strength': 'Sending strength',
	'community.reaction.me-too': 'Me too',
	'community.reaction.thank-you': 'Thank you',
	'community.reactionCount': '{label}, {count}',

	'community.error.titleRequired': 'Please give your thread a title.',
	'community.error.titleTooLong': 'Please make the title a little shorter.',
	'community.error.bodyRequired': 'Please write something first.',
	'community.error.bodyTooLong':
		'This is longer than Hearth can keep in one post. Please shorten it.',
	'community.error.contentWarningTooLong': 'Please keep the content note short.',
	'community.error.tagsInvalid': 'Please use a few short tags, separated by commas.',
	'community.error.fieldInvalid': 'Please check this field.',
	'community.error.notYours': 'Only the person who wrote this can change it.',
	'community.error.missing': 'This is no longer here. It may have been deleted.',
	'community.error.storageFull':
		'This phone is out of space, so this could not be saved. What you typed is still here. Free some space, then try again.',
	'community.error.nameTaken': 'Someone here already has that name. Please choose another.',
	'community.error.notJoined': 'Please join this community before you write here.',
	'community.error.unknown': 'This could not be saved just now. What you typed is still here.',

	'community.activityTitle': 'Activity',
	'community.activityIntro': 'Replies and responses to what you wrote.',
	'community.activityEmpty':
		'Nothing yet. When someone replies or responds to something you wrote, it will show here.',
	'community.activityReply': '{by} replied to “{thread}”',
	'community.activityReaction': '{by} responded “{reaction}” to “{thread}”',
	'community.activityIn': 'in {community}',

	'community.time.justNow': 'just now'
} satisfies Record<string, Message>;
