// The server's only way to say something. It takes a message a person can act on, never a
// request body, token or user content: Hearth's users write about their mental health, and logs
// are the first thing to leak.

export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string, cause?: unknown): void;
}

/** Normalises anything thrown into one line; the stack stays in the log, never in a response. */
export function describeError(cause: unknown): string {
	if (cause instanceof Error) return cause.stack ?? `${cause.name}: ${cause.message}`;
	return String(cause);
}

export const consoleLogger: Logger = {
	info: (message) => console.log(message),
	warn: (message) => console.warn(`warning: ${message}`),
	error: (message, cause) =>
		console.error(
			cause === undefined ? `error: ${message}` : `error: ${message}\n${describeError(cause)}`
		)
};

export const silentLogger: Logger = {
	info: () => {},
	warn: () => {},
	error: () => {}
};
