/**
 * Calm words for what can go wrong linking a phone, on either side: the one place a
 * `DeviceLinkError` or `LinkCodeError` becomes a sentence.
 */
import { DeviceLinkError, LinkCodeError, type DeviceLinkProblem } from '$lib/state/device-link';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/link-messages';

/** A recovery code's length without separators: typed here, it gets its own answer. */
const RECOVERY_CODE_LENGTH = 56;

const OFFER_WORDS: Partial<Record<DeviceLinkProblem, MessageKey>> = {
	'not-set-up': 'link.notSetUp',
	'journal-locked': 'link.locked',
	'signed-out': 'link.error.signedOut',
	offline: 'link.error.offline'
};

const ACCEPT_WORDS: Partial<Record<DeviceLinkProblem, MessageKey>> = {
	offline: 'link.error.offline',
	'unknown-link': 'link.accept.unknown',
	'too-many-tries': 'link.accept.tooMany',
	'already-set-up': 'link.accept.alreadySetUp',
	'journal-locked': 'link.accept.locked',
	damaged: 'link.accept.damaged',
	'newer-version': 'link.accept.newer'
};

/** Making or cancelling a code, on the phone already set up. */
export function offerProblemWords(e: unknown): string {
	const key = e instanceof DeviceLinkError ? OFFER_WORDS[e.code] : undefined;
	return t(key ?? 'link.error.failed');
}

export interface AcceptProblem {
	words: string;
	/** The person typed a recovery code: point them to restoring with it. */
	isRecoveryCode: boolean;
}

/** Typing a code on the new phone. */
export function acceptProblem(e: unknown): AcceptProblem {
	if (e instanceof LinkCodeError) {
		if (e.code === 'link-code-characters') {
			return { words: t('link.accept.characters'), isRecoveryCode: false };
		}
		if (e.code === 'link-code-checksum') {
			return { words: t('link.accept.checksum'), isRecoveryCode: false };
		}
		if (e.typedLength === 0) return { words: t('link.accept.empty'), isRecoveryCode: false };
		if (e.typedLength === RECOVERY_CODE_LENGTH) {
			return { words: t('link.accept.recoveryCode'), isRecoveryCode: true };
		}
		return { words: t('link.accept.length', { count: e.typedLength }), isRecoveryCode: false };
	}
	const key = e instanceof DeviceLinkError ? ACCEPT_WORDS[e.code] : undefined;
	return { words: t(key ?? 'link.accept.failed'), isRecoveryCode: false };
}

/** Minutes and seconds left, as a countdown shows them: 9:05. */
export function formatCountdown(ms: number): string {
	const seconds = Math.max(0, Math.ceil(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
