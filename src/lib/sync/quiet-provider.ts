/**
 * The stock y-websocket `WebsocketProvider` with its chatter turned off, for a document whose
 * connection (sync-connection.ts) owns connecting and liveness.
 *
 * Left as shipped, an idle provider talks twice a minute: its Awareness starts with a state of
 * `{}` and renews it every 15 s, and its own 30 s silence check drops any socket that heard
 * nothing, so the server must answer those renewals to keep it. Hearth shows no presence, so:
 * - the Awareness has no local state before the first connect: nothing announced on connect,
 *   nothing renewed, and its 3 s interval (which would only expire others' presence) is stopped;
 * - a query for our presence goes unanswered (the stock handler would send an empty presence
 *   message) and others' presence is not kept;
 * - the leaving message on disconnect is not sent (with BroadcastChannel off it is all that
 *   `disconnectBc` does);
 * - the silence check is stopped: the connection judges a socket itself, when an answer is due.
 * The sync protocol itself is untouched, so the server sees an ordinary y-websocket client.
 */
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider, messageAwareness, messageQueryAwareness } from 'y-websocket';
import type * as Y from 'yjs';

/** An interval the provider and its Awareness start on their own (typed `any` upstream). */
interface OwnInterval {
	_checkInterval: ReturnType<typeof setInterval>;
}

function stopOwnInterval(owner: OwnInterval): void {
	clearInterval(owner._checkInterval);
}

export interface QuietProviderOptions {
	serverUrl: string;
	room: string;
	doc: Y.Doc;
	WebSocketPolyfill?: typeof WebSocket;
}

/** A provider that is not connected yet, and never sends or keeps presence. */
export function createQuietProvider(options: QuietProviderOptions): WebsocketProvider {
	const awareness = new Awareness(options.doc);
	awareness.setLocalState(null);
	stopOwnInterval(awareness);
	const provider = new WebsocketProvider(options.serverUrl, options.room, options.doc, {
		connect: false,
		disableBc: true,
		awareness,
		...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {})
	});
	stopOwnInterval(provider);
	provider.disconnectBc = () => {};
	provider.messageHandlers[messageQueryAwareness] = () => {};
	provider.messageHandlers[messageAwareness] = () => {};
	return provider;
}

/** Destroys the provider and the Awareness it was given. */
export function destroyQuietProvider(provider: WebsocketProvider): void {
	provider.destroy();
	provider.awareness.destroy();
}
