/**
 * Moderation's part of the app's start: the person's notices and roles, read from the device and
 * then the server; reports and audit entries kept offline, sent when a connection appears; rooms
 * told whether this person moderates them. Loaded only when someone is set up, or opens a page
 * that needs it (`ensureModeration` in app.svelte.ts): a newcomer has nothing here, and the first
 * load of every page carries none of this code.
 */
import { untrack } from 'svelte';
import type { ModerationStorage } from '../storage/open-storage';
import { connectivity } from './connectivity.svelte';
import { identity } from './identity.svelte';
import { moderation } from './moderation.svelte';
import { moderationActions } from './moderation-actions';
import { moderatorRole } from './moderator-role.svelte';
import { notices } from './notices.svelte';

export function startModeration(storage: ModerationStorage): void {
	const deps = { cache: storage.moderationCache, session: identity };
	void notices.attach({ ...deps, followConnectivity: true });
	void moderation.attach(deps);
	moderationActions.attach({ outbox: storage.outbox, session: identity, origin: location.origin });
	$effect.root(() => {
		$effect(() => {
			if (connectivity.status === 'online') untrack(() => void moderationActions.flush());
		});
		$effect(() => moderatorRole.set(moderation.roles));
	});
}
