/**
 * Whether the journal was just opened with its recovery code, so the journal pages can invite
 * the person to choose a new passphrase. The unlock form is gone by then (the journal is open),
 * so the invitation needs this small piece of shared memory; it lasts until the app is closed,
 * dismissed, or the lock is changed.
 */
export const recoveryInvite = $state({ due: false });
