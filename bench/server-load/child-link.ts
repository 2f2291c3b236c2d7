/**
 * The section's side of a child process: spawns a TypeScript file under Node with tsx's loader
 * and an IPC channel, sends requests, and waits for their replies with a timeout.
 *
 * Node runs the file itself (`node --import tsx`), not the `tsx` command, which would put a
 * second process in between: killing that one can leave the real child running. The child's
 * stdout is ignored, never inherited (an inherited stdout can hold a piped run open after a
 * timeout); the tail of its stderr is kept to explain a failure. `close` always ends the child:
 * politely first, then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Envelope, FailedReply } from './messages';

const STDERR_TAIL_CHARS = 4000;

export class ChildFailedError extends Error {
	override name = 'ChildFailedError';
}

export class ChildLink<Request extends { type: string }, Reply extends { type: string }> {
	private readonly child: ChildProcess;
	private nextId = 1;
	private stderr = '';
	private exited = false;
	private readonly pending = new Map<
		number,
		{ resolve: (reply: Reply) => void; reject: (error: Error) => void }
	>();
	private readonly exit: Promise<void>;

	constructor(
		readonly name: string,
		file: string,
		cwd: string,
		nodeFlags: readonly string[] = []
	) {
		this.child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file], {
			cwd,
			stdio: ['ignore', 'ignore', 'pipe', 'ipc']
		});
		this.child.stderr?.setEncoding('utf8');
		this.child.stderr?.on('data', (text: string) => {
			this.stderr = (this.stderr + text).slice(-STDERR_TAIL_CHARS);
		});
		this.child.on('message', (message: unknown) => this.receive(message));
		this.exit = new Promise((done) => {
			this.child.on('exit', (code, signal) => {
				this.exited = true;
				const why = `${name} exited (${signal ?? code}). ${this.stderrTail()}`;
				for (const { reject } of this.pending.values()) reject(new ChildFailedError(why));
				this.pending.clear();
				done();
			});
		});
		// A spawn failure is reported as an exit with no code; the error itself must not throw.
		this.child.on('error', (error) => {
			this.stderr += `\n${error.message}`;
		});
	}

	/** Sends `request` and resolves with its reply; rejects on a failure, an exit or a timeout. */
	request(request: Request, timeoutMs: number): Promise<Reply> {
		if (this.exited) {
			return Promise.reject(new ChildFailedError(`${this.name} is not running.`));
		}
		const id = this.nextId++;
		return new Promise<Reply>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new ChildFailedError(`${this.name} did not answer "${request.type}" in time.`));
			}, timeoutMs);
			const settle =
				<T>(finish: (value: T) => void) =>
				(value: T) => {
					clearTimeout(timer);
					this.pending.delete(id);
					finish(value);
				};
			this.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
			const envelope: Envelope<Request> = { ...request, id };
			this.child.send(envelope, (error) => {
				if (error) this.pending.get(id)?.reject(error);
			});
		});
	}

	/** Asks the child to stop with `stop`, then kills it if it has not exited within `graceMs`. */
	async close(stop: Request | null, graceMs = 5000): Promise<void> {
		if (this.exited) return;
		if (stop !== null) await this.request(stop, graceMs).catch(() => undefined);
		const killed = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
		if (this.child.connected) this.child.disconnect();
		await this.exit;
		clearTimeout(killed);
	}

	/** Ends the child at once, for when the section itself is failing. */
	kill(): void {
		if (!this.exited) this.child.kill('SIGKILL');
	}

	stderrTail(): string {
		const tail = this.stderr.trim();
		return tail === '' ? '' : `Its last words: ${tail.slice(-600)}`;
	}

	private receive(message: unknown): void {
		if (!isEnvelope(message)) return;
		const waiting = this.pending.get(message.id);
		if (!waiting) return;
		if (isFailed(message)) {
			waiting.reject(new ChildFailedError(`${this.name}: ${message.message}`));
		} else {
			// The child answers each request with its own reply type (messages.ts); the id ties them.
			waiting.resolve(message as unknown as Reply);
		}
	}
}

function isEnvelope(message: unknown): message is { id: number; type: string } {
	return (
		typeof message === 'object' &&
		message !== null &&
		'id' in message &&
		typeof message.id === 'number' &&
		'type' in message &&
		typeof message.type === 'string'
	);
}

function isFailed(message: { type: string }): message is FailedReply & { id: number } {
	return message.type === 'failed';
}
