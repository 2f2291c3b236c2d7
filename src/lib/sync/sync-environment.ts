/**
 * Connectivity and visibility as the sync connection needs them, injected so the connection runs
 * in node tests. The browser version is feature-detected: without `navigator`, `window` or
 * `document` (node, a worker) it reports online and visible, and never calls back.
 */
export interface SyncEnvironment {
	online(): boolean;
	/** Calls `callback` when the device comes online; returns how to stop. */
	onOnline(callback: () => void): () => void;
	/** Calls `callback` when the app becomes visible again; returns how to stop. */
	onVisible(callback: () => void): () => void;
	/**
	 * Whether the person can see the app now. An environment without it has no notion of
	 * visibility (node, a worker), and counts as always visible.
	 */
	visible?(): boolean;
	/** Calls `callback` when the app goes into the background (hidden); returns how to stop. */
	onHidden?(callback: () => void): () => void;
}

export interface SyncTimers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const realTimers: SyncTimers = {
	setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
	clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

const nothing = () => {};

/** Calls `callback` on each visibility change that ends in `wanted`; returns how to stop. */
function onVisibility(wanted: DocumentVisibilityState, callback: () => void): () => void {
	if (typeof document === 'undefined') return nothing;
	const listener = () => {
		if (document.visibilityState === wanted) callback();
	};
	document.addEventListener('visibilitychange', listener);
	return () => document.removeEventListener('visibilitychange', listener);
}

export function browserEnvironment(): SyncEnvironment {
	return {
		online: () =>
			typeof navigator === 'undefined' || typeof navigator.onLine !== 'boolean'
				? true
				: navigator.onLine,
		onOnline(callback) {
			if (typeof window === 'undefined') return nothing;
			window.addEventListener('online', callback);
			return () => window.removeEventListener('online', callback);
		},
		onVisible: (callback) => onVisibility('visible', callback),
		visible: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
		onHidden: (callback) => onVisibility('hidden', callback)
	};
}
