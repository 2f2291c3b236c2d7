/**
 * What the one sync indicator in the header says, from the connection and the sync summary.
 *
 * The connection decides first (offline and a patchy link keep the meaning they always had);
 * when the server is reachable the sync summary speaks. `announce` is the short text for the
 * polite live region: it changes only when the person's situation changes (offline, patchy,
 * stopped, online), not with every count or every round of syncing, so a screen reader is not
 * kept talking.
 */
import type { Connectivity } from '$lib/state/connectivity.svelte';
import type { SyncStopReason, SyncSummary } from '$lib/state/community-views';
import { t, type MessageKey } from '$lib/i18n/translate';

/** What to say, and what to do, for each reason syncing stops; spelled out for translators. */
const STOP_REASONS: Record<SyncStopReason, MessageKey> = {
	'signed-out': 'community.sync.stopped.signed-out',
	refused: 'community.sync.stopped.refused',
	'server-error': 'community.sync.stopped.server-error',
	'storage-full': 'community.sync.stopped.storage-full'
};

export type IndicatorTone = 'quiet' | 'calm' | 'attention';

export interface SyncIndicator {
	tone: IndicatorTone;
	/** Shown in the strip; null when only the small mark by the name shows (with `detail`). */
	headline: string | null;
	detail: string | null;
	/** Whether headline and detail are a change of situation, said in the live region. */
	live: boolean;
	/** A count that changes as the person writes: shown, never announced. */
	extra: string | null;
	/** Something is on its way: the small mark shows it, without motion. */
	busy: boolean;
	/** Offer "send now" / "try again". */
	action: 'sync-now' | 'retry' | null;
	announce: string;
}

/**
 * `waitingSettled` says changes have been waiting a while: a change made online normally leaves
 * within a second or two, and a strip that pops in and out at every reply would be restless. Until
 * then, waiting shows as the small busy mark.
 */
export function syncIndicator(
	connection: Connectivity,
	summary: SyncSummary | null,
	waitingSettled = true
): SyncIndicator {
	const waiting = summary && 'waiting' in summary ? summary.waiting : 0;
	if (connection === 'offline' || summary?.kind === 'offline') {
		return {
			tone: 'calm',
			headline: t('net.offline'),
			detail: t('net.offlineDetail'),
			live: true,
			extra: waiting > 0 ? t('community.sync.offlineWaiting', { count: waiting }) : null,
			busy: false,
			action: null,
			announce: t('net.offline')
		};
	}
	if (connection === 'limited') {
		return {
			tone: 'calm',
			headline: t('net.limited'),
			detail: t('net.limitedDetail'),
			live: true,
			extra: null,
			busy: false,
			action: null,
			announce: t('net.limited')
		};
	}
	switch (summary?.kind) {
		case 'stopped':
			return {
				tone: 'attention',
				headline: t('community.sync.stopped'),
				detail: t(STOP_REASONS[summary.problem]),
				live: true,
				extra: null,
				busy: false,
				action: summary.problem === 'server-error' ? 'retry' : null,
				announce: t('community.sync.stopped')
			};
		case 'waiting':
			if (!waitingSettled) return busy();
			return {
				tone: 'calm',
				headline: t('community.sync.waiting', { count: summary.waiting }),
				detail: t('community.sync.waitingDetail'),
				live: false,
				extra: null,
				busy: false,
				action: 'sync-now',
				announce: t('net.online')
			};
		case 'slowed':
			return {
				tone: 'calm',
				headline: t('community.sync.slowed'),
				detail: t('community.sync.slowedDetail'),
				live: true,
				extra:
					summary.waiting > 0
						? t('community.sync.slowedWaiting', { count: summary.waiting })
						: null,
				busy: false,
				action: null,
				announce: t('community.sync.slowed')
			};
		case 'syncing':
			return busy();
		default:
			return {
				tone: 'quiet',
				headline: null,
				detail: summary ? t('community.sync.upToDate') : null,
				live: false,
				extra: null,
				busy: false,
				action: null,
				announce: t('net.online')
			};
	}
}

/** A round of syncing is brief and routine: the small mark only, so the strip does not flicker. */
function busy(): SyncIndicator {
	return {
		tone: 'quiet',
		headline: null,
		detail: t('community.sync.syncing'),
		live: false,
		extra: null,
		busy: true,
		action: null,
		announce: t('net.online')
	};
}
