/**
 * A child process's side of child-link.ts: answers each request from the parent, one at a time
 * and in order, with the handler's reply or a `failed` reply naming the error. When the parent
 * goes away (the channel disconnects), `onGone` runs and the process exits, so no child outlives
 * the benchmark.
 */
import type { Envelope, FailedReply } from './messages';

export function answerRequests<Request extends { type: string }, Reply extends { type: string }>(
	isRequest: (message: unknown) => message is Envelope<Request>,
	handle: (request: Request) => Promise<Reply>,
	onGone: () => Promise<void>
): void {
	let queue = Promise.resolve();
	process.on('message', (message: unknown) => {
		if (!isRequest(message)) return;
		queue = queue.then(async () => {
			let reply: Envelope<Reply> | Envelope<FailedReply>;
			try {
				reply = { ...(await handle(message)), id: message.id };
			} catch (cause: unknown) {
				const text = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
				reply = { type: 'failed', message: text, id: message.id };
			}
			if (process.connected) process.send?.(reply);
		});
	});
	process.on('disconnect', () => {
		// Bounded: the process ends even if cleaning up hangs.
		setTimeout(() => process.exit(0), 3000).unref();
		void onGone().finally(() => process.exit(0));
	});
}

/** Whether `message` is an envelope whose type is one of `types`. */
export function hasType<T extends string>(
	message: unknown,
	types: readonly T[]
): message is { id: number; type: T } {
	return (
		typeof message === 'object' &&
		message !== null &&
		'id' in message &&
		typeof message.id === 'number' &&
		'type' in message &&
		types.some((type) => type === message.type)
	);
}
