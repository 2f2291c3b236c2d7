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
import type { SyncSummary } from '$lib/state/community-views';
import { t } from '$lib/i18n/translate';

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
	/** Offer "send now" / "try again". */
	action: 'sync-now' | 'retry' | null;
	announce: string;
}

export function syncIndicator(
	connection: Connectivity,
	summary: SyncSummary | null
): SyncIndicator {
	const waiting = summary && 'waiting' in summary ? summary.waiting : 0;
	if (connection === 'offline' || summary?.kind === 'offline') {
		return {
			tone: 'calm',
			headline: t('net.offline'),
			detail: t('net.offlineDetail'),
			live: true,
			extra: waiting > 0 ? t('community.sync.offlineWaiting', { count: waiting }) : null,
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
			action: null,
			announce: t('net.limited')
		};
	}
	switch (summary?.kind) {
		case 'stopped':
			return {
				tone: 'attention',
				headline: t('community.sync.stopped'),
				detail: t(`community.sync.stopped.${summary.problem}`),
				live: true,
				extra: null,
				action: summary.problem === 'server-error' ? 'retry' : null,
				announce: t('community.sync.stopped')
			};
		case 'waiting':
			return {
				tone: 'calm',
				headline: t('community.sync.waiting', { count: summary.waiting }),
				detail: t('community.sync.waitingDetail'),
				live: false,
				extra: null,
				action: 'sync-now',
				announce: t('net.online')
			};
		case 'syncing':
			// A round of syncing is brief and routine: it shows in the small mark only, so the
			// strip does not flicker in and out each time something is sent.
			return {
				tone: 'quiet',
				headline: null,
				detail: t('community.sync.syncing'),
				live: false,
				extra: null,
				action: null,
				announce: t('net.online')
			};
		default:
			return {
				tone: 'quiet',
				headline: null,
				detail: summary ? t('community.sync.upToDate') : null,
				live: false,
				extra: null,
				action: null,
				announce: t('net.online')
			};
	}
}
