/**
 * How many replies and reactions to the person's posts are new, for the badge the bottom
 * navigation shows on every page. The communities state plugs its count in when it starts, so
 * this small module does not pull community code (or Yjs) into pages without it; before then, and
 * for someone who joined no community, there is nothing new.
 */
class UnreadActivityState {
	#source = $state.raw<(() => number) | null>(null);

	readonly count: number = $derived(this.#source?.() ?? 0);

	/** Called once by the communities state. */
	provide(source: () => number): void {
		this.#source = source;
	}
}

export const unreadActivity = new UnreadActivityState();
