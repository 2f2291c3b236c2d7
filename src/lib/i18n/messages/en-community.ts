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
	'community.threadsShown': 'Showing the {shown} most recent of {total} conversations.',
	'community.threadsShowMore': 'Show more conversations',
	'community.repliesFolded': {
		one: '{count} earlier reply is not shown.',
		other: '{count} earlier replies are not shown.'
	},
	'community.repliesShowEarlier': 'Show earlier replies',
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
	// The ways into moderation a community page shows, here so the page need not carry the
	// moderation screens' words.
	'community.moderationLink': 'Moderation',
	'community.noticesLink': 'Notices from moderators',
	'community.noticesLinkNew': {
		one: 'Notices from moderators ({count} new)',
		other: 'Notices from moderators ({count} new)'
	},
	'community.searchLabel': 'Search this community',
	'community.searchHint': 'Searches what is on this phone, even with no connection.',
	'community.searchOpening': 'Search is ready as soon as this community has finished opening.',
	'community.firstScreen': 'Showing the latest conversations while the rest opens…',
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

	// Reporting a post or a person, and a moderator's hide, unhide and remove in a thread.
	'community.report': 'Report',
	'community.reportPerson': 'Report {name}',
	'community.report.postTitle': 'Report this post',
	'community.report.personTitle': 'Report this person',
	'community.report.intro':
		'Tell the moderators what is happening. Only they will see your report; {name} is not told who sent it.',
	'community.report.reasonLegend': 'What is happening?',
	'community.report.reason.harassment': 'Harassment or bullying',
	'community.report.reason.self-harm-risk': 'Someone may be at risk of harming themselves',
	'community.report.reason.misinformation': 'False or harmful information',
	'community.report.reason.spam': 'Spam',
	'community.report.reason.other': 'Something else',
	'community.report.note': 'Anything the moderators should know (optional)',
	'community.report.noteCount': '{used} of {max} characters',
	'community.report.send': 'Send report',
	'community.report.sending': 'Sending…',
	'community.report.cancel': 'Cancel',
	'community.report.close': 'Close',
	'community.report.chooseReason': 'Please choose what is happening.',
	'community.report.noteTooLong': 'Please keep the note to {max} characters.',
	'community.report.thanks':
		'Thank you. Moderators will look at it. Only they can see your report.',
	'community.report.queued':
		'Thank you. You are offline just now: we’ll send it when you’re back online. Only moderators will see it.',
	'community.report.riskNote':
		'Reporting is not an emergency service, and moderators may not see it straight away. If someone is in danger now, please reach out for help.',
	'community.report.tooMany':
		'You have sent several reports in the past hour, so please wait a little before sending another. Thank you for looking out for people here.',
	'community.report.refused':
		'The report was not accepted. The post or community may no longer be there. Your words are still here.',
	'community.report.notKept':
		'The report could not be sent, and this phone could not keep it for later (it may be out of space). Your words are still here.',
	'community.report.notReady': 'Please finish setting up Hearth on this phone to send a report.',
	'community.report.failed':
		'Something went wrong sending the report. Your words are still here; please try again.',

	'community.mod.tools': 'Moderator tools',
	'community.mod.hide': 'Hide',
	'community.mod.unhide': 'Unhide',
	'community.mod.remove': 'Remove',
	'community.mod.hideQuestion': 'Why hide this post? The person who wrote it will see the reason.',
	'community.mod.unhideQuestion': 'Show this post to everyone again? You can say why (optional).',
	'community.mod.removeThreadQuestion':
		'Remove this thread for everyone? Its replies and responses go too. This cannot be undone.',
	'community.mod.removeReplyQuestion':
		'Remove this reply for everyone? Its responses go too. This cannot be undone.',
	'community.mod.reason': 'Reason',
	'community.mod.reasonCount': '{used} of {max} characters',
	'community.mod.reasonChoices': 'Common reasons',
	'community.mod.reasonChoice.unkind': 'Unkind or harassing',
	'community.mod.reasonChoice.personal': 'Shares personal details',
	'community.mod.reasonChoice.risk': 'Could put someone at risk',
	'community.mod.reasonChoice.misinformation': 'False or harmful information',
	'community.mod.reasonChoice.spam': 'Spam or advertising',
	'community.mod.hideYes': 'Hide post',
	'community.mod.unhideYes': 'Show again',
	'community.mod.removeYes': 'Yes, remove',
	'community.mod.cancel': 'Cancel',
	'community.mod.reasonRequired': 'Please give a reason.',
	'community.mod.reasonTooLong': 'Please keep the reason to {max} characters.',
	'community.mod.done.hide': 'Hidden from members.',
	'community.mod.done.unhide': 'Shown to everyone again.',
	'community.mod.done.remove': 'Removed for everyone.',
	'community.mod.notModerator': 'Only this community’s moderators can do this.',
	'community.mod.hiddenBadge': 'Hidden by moderators',
	'community.mod.hiddenForModerators': 'Hidden by moderators: {reason}',
	'community.mod.hiddenForModeratorsNoReason': 'Hidden by moderators.',
	'community.mod.hiddenForAuthor':
		'Moderators hid this post: {reason}. Only you and moderators can see it now.',
	'community.mod.hiddenForAuthorNoReason':
		'Moderators hid this post. Only you and moderators can see it now.',

	// Drafts the server did not take, read-only rooms, and the guidelines shown again.
	'community.drafts.title': 'Kept on this phone',
	'community.drafts.intro':
		'These did not reach the community. Nothing is lost: your words are here.',
	'community.drafts.reason.blocked':
		'This person isn’t taking replies from you, so it wasn’t posted. Your words are kept here.',
	'community.drafts.reason.muted':
		'Waiting until you can post again. A moderator has paused your posting here for a while.',
	'community.drafts.reason.guidelines':
		'Waiting until you agree to the community’s guidelines. Your words are kept here.',
	'community.drafts.reason.no-pseudonym':
		'Waiting until your name here is set up. That happens by itself when you are online.',
	'community.drafts.reason.missing':
		'What this answered is no longer here, so it wasn’t posted. Your words are kept here.',
	'community.drafts.reason.not-sent':
		'This wasn’t sent, because something just before it was not accepted. You can try again.',
	'community.drafts.reason.refused':
		'The server didn’t accept this, so it is kept here as a draft.',
	'community.drafts.sending': 'Sending again…',
	'community.drafts.kind.thread': 'Your thread “{title}”',
	'community.drafts.kind.reply': 'Your reply',
	'community.drafts.kind.reaction': 'Your response “{reaction}”',
	'community.drafts.kind.moderation': 'A moderation change',
	'community.drafts.kind.other': 'Something you wrote here',
	'community.drafts.openThread': 'Open the conversation',
	'community.drafts.copy': 'Copy text',
	'community.drafts.copied': 'Copied.',
	'community.drafts.copyFailed':
		'This phone would not copy it. You can select the words and copy them yourself.',
	'community.drafts.retry': 'Try again',
	'community.drafts.retrying': 'Trying…',
	'community.drafts.discard': 'Discard',
	'community.drafts.discardQuestion': 'Discard this? Your words will be gone from this phone.',
	'community.drafts.discardYes': 'Yes, discard',
	'community.drafts.discardNo': 'Keep it',
	'community.readOnly.muted':
		'A moderator has paused your posting here until {date}. You can still read.',
	'community.readOnly.mutedForNow':
		'A moderator has paused your posting here for now. You can still read.',
	'community.readOnly.notices': 'Read the moderators’ note',
	'community.readOnly.guidelines':
		'Please read the community’s guidelines before you post here. You can still read.',
	'community.readOnly.noPseudonym':
		'Your name here is still being set up. You can post once you are online.',
	'community.guidelinesAgain.title': 'Guidelines for {name}',
	'community.guidelinesAgain.intro':
		'Please read these before you post. They may have changed since you joined.',
	'community.guidelinesAgain.agree': 'I agree',
	'community.guidelinesAgain.saving': 'Saving…',
	'community.guidelinesAgain.changed': 'They changed again just now. This is the latest version.',
	'community.guidelinesAgain.failed':
		'This could not be saved just now. Please try again when you are online.',
	'community.error.readOnly':
		'You can’t post here just now; the community’s page says why. What you typed is still here.',

	'community.time.justNow': 'just now'
} satisfies Record<string, Message>;
