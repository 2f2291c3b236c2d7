/**
 * The journal lock's problems in calm words: what went wrong, and what the person can do. The
 * lock's state raises `JournalLockError` with a code; this is the one place that turns a code
 * (or anything unexpected) into a sentence, so every screen says the same thing.
 */
import { JournalLockError, type JournalLockProblem } from '$lib/state/journal-lock.svelte';
import type { LockKind, LockSecretProblem } from '$lib/domain/journal-crypto/lock-secret';
import { t, type MessageKey } from '$lib/i18n/translate';
import '$lib/i18n/journal-lock-messages';

const MINUTE = 60_000;

/** How the person was trying to open the journal: with the passphrase or PIN, or the code. */
export type UnlockWay = LockKind | 'code';

const WRONG: Record<UnlockWay, MessageKey> = {
	passphrase: 'journalLock.error.wrongPassphrase',
	pin: 'journalLock.error.wrongPin',
	code: 'journalLock.error.wrongCode'
};

const PROBLEMS: Record<Exclude<JournalLockProblem, 'wrong-secret' | 'slow-down'>, MessageKey> = {
	'code-mistyped': 'journalLock.error.codeMistyped',
	damaged: 'journalLock.error.damaged',
	'newer-version': 'journalLock.error.newerVersion',
	locked: 'journalLock.error.locked'
};

const SECRET_PROBLEMS: Record<LockSecretProblem, MessageKey> = {
	'pin-digits': 'journalLock.setup.problem.pin-digits',
	'pin-length': 'journalLock.setup.problem.pin-length',
	'passphrase-length': 'journalLock.setup.problem.passphrase-length',
	'too-long': 'journalLock.setup.problem.too-long',
	mismatch: 'journalLock.setup.problem.mismatch'
};

/** When the next try is taken, in words ("in about 2 minutes"); empty once it may be taken. */
export function waitWords(retryAt: number | null, now: number = Date.now()): string {
	if (retryAt === null || retryAt <= now) return '';
	const left = retryAt - now;
	if (left < MINUTE) return t('journalLock.wait.seconds');
	return t('journalLock.wait.minutes', { count: Math.ceil(left / MINUTE) });
}

/** What to say about a failed unlock, change or set-up. */
export function lockErrorWords(e: unknown, way: UnlockWay, now: number = Date.now()): string {
	if (!(e instanceof JournalLockError)) return t('journalLock.error.unknown');
	if (e.code === 'slow-down') return waitWords(e.retryAt, now) || t(WRONG[way]);
	if (e.code === 'wrong-secret') {
		// Wrong, and the next try must wait: both are said, so the wait never seems arbitrary.
		const wait = waitWords(e.retryAt, now);
		return wait ? `${t(WRONG[way])} ${wait}` : t(WRONG[way]);
	}
	return t(PROBLEMS[e.code]);
}

export function secretProblemWords(problem: LockSecretProblem): string {
	return t(SECRET_PROBLEMS[problem]);
}
