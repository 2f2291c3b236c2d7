/**
 * English messages for moderation: the moderators' report queue and log, and the notices a
 * person gets about their own posts. Loaded with those screens (`../moderation-messages.ts`); the
 * bottom bar's count of new notices, shown on every page, keeps its words in `en.ts`.
 *
 * Notices are about a post, never a verdict on the person: they say what happened, why, and what
 * the person can do, and never who acted.
 */
import type { Message } from './message';

export const moderationMessages = {
	'moderation.queueTitle': 'Reports in {name}',
	'moderation.queueIntro':
		'Reports are private: only the moderators see them. People who may be at risk come first.',
	'moderation.onlyModerators': 'This page is for the community’s moderators.',
	'moderation.onlyModeratorsHint':
		'If you think you should see it, an administrator can make you a moderator.',
	'moderation.backToCommunity': 'Back to the community',
	'moderation.signedOut':
		'Hearth needs to sign you in before it can show this. Please finish setting up, or try again when you are connected.',
	'moderation.notFound': 'This community is not on this server.',
	'moderation.loading': 'Looking for reports…',
	'moderation.offlineNone':
		'You are offline, and this phone has no copy of the reports yet. They will appear when you are connected.',
	'moderation.cached':
		'You are offline. These reports were last checked {when}, so they may be out of date.',
	'moderation.failed': 'The reports could not be fetched just now. Please try again in a moment.',
	'moderation.refresh': 'Check again',
	'moderation.empty': 'Nothing to look at right now. Thank you for looking after {name}.',
	'moderation.back': 'Back to {name}',
	'moderation.logLink': 'Moderators’ log',
	'moderation.reportCount': { one: '{count} open report', other: '{count} open reports' },

	'moderation.reason.harassment': 'Harassment or bullying',
	'moderation.reason.self-harm-risk': 'Someone may be at risk of harming themselves',
	'moderation.reason.second-look': 'The author asks for a second look',
	'moderation.reason.misinformation': 'False or harmful information',
	'moderation.reason.spam': 'Spam',
	'moderation.reason.other': 'Something else',
	'moderation.atRisk': 'May be at risk',
	'moderation.atRiskHelp':
		'Reach out kindly if you can, and share crisis help. You do not have to handle this alone:',
	'moderation.atRiskLink': 'crisis lines',
	'moderation.reportedAt': 'Reported {when}',
	'moderation.reporterNote': 'The reporter wrote: “{note}”',
	'moderation.authorNote': 'The author wrote: “{note}”',
	'moderation.firstReason': 'Moderators’ reason before: “{reason}”',
	'moderation.firstReasonNone': 'Moderators gave no reason before.',
	'moderation.target.thread': 'A thread',
	'moderation.target.reply': 'A reply',
	'moderation.target.person': 'A person: {name}',
	'moderation.targetBy': 'by {name}',
	'moderation.openPost': 'Open the post',
	'moderation.postNotHere':
		'This phone does not have the post’s text. Open the post to read it before you act.',
	'moderation.postHiddenNow': 'Hidden now',

	'moderation.action.hide': 'Hide',
	'moderation.action.remove': 'Remove',
	'moderation.action.warn': 'Warn',
	'moderation.action.mute': 'Pause posting',
	'moderation.action.dismiss': 'No action needed',
	'moderation.action.unhide': 'Unhide',
	'moderation.action.keepHidden': 'Keep hidden',
	'moderation.confirm.hide': 'Hide the post',
	'moderation.confirm.remove': 'Remove for good',
	'moderation.confirm.warn': 'Send the warning',
	'moderation.confirm.mute': 'Pause their posting',
	'moderation.confirm.dismiss': 'Close the report',
	'moderation.confirm.unhide': 'Bring the post back',
	'moderation.confirm.keepHidden': 'Keep it hidden',
	'moderation.cancel': 'Cancel',
	'moderation.reasonForAuthor': 'Reason (the author will see it)',
	'moderation.reasonForAuthorHint': 'Kind and plain words help people take it in.',
	'moderation.reasonForLog': 'Note for the moderators’ log (optional)',
	'moderation.reasonNeeded': 'Please write a short reason.',
	'moderation.removeWarning':
		'Removing deletes the post everywhere, for good. Hiding can be undone.',
	'moderation.muteFor': 'For how long?',
	'moderation.muteDays': { one: '{count} day', other: '{count} days' },
	'moderation.muteWeek': '1 week',
	'moderation.needsAuthor':
		'Open the post first, so Hearth knows who wrote it; then you can warn them or pause their posting.',
	'moderation.working': 'Working…',
	'moderation.done.hide': 'The post is hidden, and the report is closed.',
	'moderation.done.remove': 'The post is removed, and the report is closed.',
	'moderation.done.warn': 'The warning is sent, and the report is closed.',
	'moderation.done.mute': 'Their posting is paused, and the report is closed.',
	'moderation.done.dismiss': 'The report is closed.',
	'moderation.done.unhide': 'The post is back, and the request is closed.',
	'moderation.done.keepHidden': 'The post stays hidden, and the request is closed.',

	'moderation.error.offline':
		'This needs a connection. Nothing was changed; please try again when you are connected.',
	'moderation.error.signed-out':
		'Hearth needs to sign you in again. Nothing was changed; please try again in a moment.',
	'moderation.error.forbidden': 'Only this community’s moderators can do this.',
	'moderation.error.already-resolved': 'Another moderator has already dealt with this report.',
	'moderation.error.already-asked': 'You have already asked for a second look at this.',
	'moderation.error.nothing-to-review':
		'There is nothing for the moderators to look at again here: it may already be back.',
	'moderation.error.not-found': 'This is no longer there. It may have been dealt with already.',
	'moderation.error.invalid': 'The server could not accept that. Please check the reason.',
	'moderation.error.needs-room':
		'Join this community on this phone to hide or remove its posts. You can still warn, pause or close the report.',
	'moderation.error.failed': 'That did not work just now. Nothing is lost; please try again.',

	'moderation.logTitle': 'Moderators’ log in {name}',
	'moderation.logIntro':
		'Every moderation action, with who, what, when and why. Only moderators see it.',
	'moderation.logLoading': 'Opening the log…',
	'moderation.logOffline': 'The log needs a connection. Please try again when you are connected.',
	'moderation.logFailed': 'The log could not be fetched just now. Please try again in a moment.',
	'moderation.logEmpty': 'Nothing has been done here yet.',
	'moderation.logBack': 'Back to the reports',
	'moderation.actor.you': 'You',
	'moderation.actor.moderator': 'A moderator',
	'moderation.actor.admin': 'An administrator',
	'moderation.log.hide': '{who} hid a post',
	'moderation.log.unhide': '{who} brought back a hidden post',
	'moderation.log.remove': '{who} removed a post',
	'moderation.log.warn': '{who} warned someone',
	'moderation.log.mute': '{who} paused someone’s posting',
	'moderation.log.unmute': '{who} let someone post again',
	'moderation.log.appoint-moderator': '{who} made someone a moderator',
	'moderation.log.remove-moderator': '{who} ended someone’s moderator role',
	'moderation.log.resolve-report': '{who} closed a report ({outcome})',
	'moderation.log.other': '{who}: {action}',
	'moderation.outcome.no-action': 'no action needed',
	'moderation.outcome.hidden': 'post hidden',
	'moderation.outcome.removed': 'post removed',
	'moderation.outcome.warned': 'warning sent',
	'moderation.outcome.muted': 'posting paused',
	'moderation.logWhy': 'Why: {reason}',

	'moderation.noticesTitle': 'Notices from moderators',
	'moderation.noticesIntro':
		'When moderators act on something you wrote, they tell you here, with their reason. Everyone has posts that miss the mark sometimes.',
	'moderation.noticesLoading': 'Looking for notices…',
	'moderation.noticesEmpty': 'Nothing here. That is good news.',
	'moderation.noticesCached':
		'You are offline. These notices were last checked {when}; new ones will come when you are connected.',
	'moderation.noticesNone':
		'Hearth cannot check for notices yet. When you are connected and set up, they will appear here.',
	'moderation.noticeNew': 'New',
	'moderation.notice.warning': 'A note from the moderators of {community}',
	'moderation.notice.hidden': 'Your post in {community} is hidden for now',
	'moderation.notice.unhidden': 'Your post in {community} is back',
	'moderation.notice.removed': 'Your post in {community} was removed',
	'moderation.notice.muted': 'Posting in {community} is paused for you',
	'moderation.noticeBody.warning':
		'They asked you to keep their guidelines in mind. You can keep taking part as before.',
	'moderation.noticeBody.hidden':
		'Other members do not see it at the moment. You still do, and nothing else has changed.',
	'moderation.noticeBody.unhidden': 'After another look, everyone can see it again.',
	'moderation.noticeBody.removed': 'It is no longer in the community.',
	'moderation.noticeBody.muted':
		'You can still read everything. You can post here again from {until}.',
	'moderation.noticeReason': 'Their reason: “{reason}”',
	'moderation.noticeNoReason': 'They did not give a reason.',
	'moderation.noticeExcerpt': 'What you wrote',
	'moderation.guidelinesLink': 'Read the guidelines of {community}',
	'moderation.askSecondLook': 'Ask for a second look',
	'moderation.secondLookNote': 'Anything you would like them to know? (optional)',
	'moderation.secondLookSend': 'Send the request',
	'moderation.secondLookSent': 'Moderators will look again.',
	'moderation.secondLookAsked': 'You asked for a second look on {date}.'
} satisfies Record<string, Message>;
