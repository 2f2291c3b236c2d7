/**
 * How long a wrong passphrase or PIN makes the next attempt wait. The first few mistakes are
 * free (fingers slip); after that each wait doubles, so someone guessing a 6-digit PIN by hand
 * on a borrowed phone gets a few dozen tries a day instead of thousands. Each try also costs a
 * full key derivation (~1 s on a cheap phone). This does nothing against someone who copied the
 * storage; only a strong passphrase does, which is why the app recommends one.
 */

export const FREE_ATTEMPTS = 4;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 30 * 60_000;

/** The wait after `failures` wrong attempts in a row. */
export function attemptDelayMs(failures: number): number {
	if (failures <= FREE_ATTEMPTS) return 0;
	return Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS - 1), LONGEST_WAIT_MS);
}
