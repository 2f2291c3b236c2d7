/**
 * What the server-load benchmark's processes say to each other over Node's IPC channel: the
 * section (bench/server-load.ts) asks, the server process and the client drivers answer.
 * Every request carries an `id` its reply echoes, so a late reply never answers the wrong one.
 */

/** One person the server process made: a user id with a pseudonym in the bench community. */
export interface BenchPerson {
	userId: string;
	/** The pseudonym id their records carry as `author`. */
	author: string;
}

export interface ServerSample {
	/** `process.memoryUsage()` after two full garbage collections. */
	memory: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
	/** `process.cpuUsage()`: user and system microseconds since the process started. */
	cpuMicros: number;
	/** Event-loop delay since the previous sample, in ms. */
	loopDelay: { p50: number; p99: number; max: number };
	/** Warnings and errors the server logged since it started, by kind. */
	logged: Record<string, number>;
}

export type ServerRequest =
	| {
			type: 'start';
			buildDir: string;
			people: number;
			communityId: string;
			/** The folder the data folder is made in. */
			dataParent: string;
			coldRooms: string[];
			coldRecords: number;
	  }
	| { type: 'tokens'; grants: { person: number; room: string }[] }
	| { type: 'sample' }
	| { type: 'stop' };

export type ServerReply =
	| { type: 'started'; port: number; people: BenchPerson[]; coldDocBytes: number }
	| { type: 'tokens'; tokens: string[] }
	| { type: 'sample'; sample: ServerSample }
	| { type: 'stopped' };

/**
 * What the clients offer for per-message deflate: `browser` as browsers do (the server keeps a
 * compression context per socket); `no-context-takeover` also asks the server to compress each
 * message on its own, which lets `ws` send frames under its 1 KiB threshold uncompressed.
 */
export type DeflateOffer = 'browser' | 'no-context-takeover';

/** One client the driver opens. */
export interface ClientPlan {
	room: string;
	token: string;
	/** Writers hold a Y.Doc and write threads; everyone records what reaches them. */
	writer: boolean;
	/** A writer's place among all the run's writers (in every driver), which staggers its pace. */
	slot: number;
	/** The pseudonym id a writer's records carry. */
	author: string;
}

export interface LatencySummary {
	count: number;
	p50: number;
	p99: number;
	max: number;
}

/** The relay figures of one run, gathered from every driver. */
export interface WriteResult {
	writers: number;
	/** Updates the writers sent. */
	sent: number;
	/** Copies the server should relay: each update to everyone else in its room. */
	expected: number;
	/** Copies that arrived before the drain ended. */
	delivered: number;
	/** Send-to-receive time of each delivered copy, ms, on the clock the drivers share. */
	latency: LatencySummary;
	/** From the first send to the last delivery, ms. */
	windowMs: number;
	/** Close codes the server sent while writing (4422 refused, 4429 over budget, 1013 behind). */
	closes: Record<string, number>;
	/** Each driver's own CPU time over the window, ms (they share the machine with the server). */
	driverCpuMs: number[];
	/** Each driver's event-loop delay over the window, p99, ms. */
	driverLoopDelayP99: number[];
}

/** What one driver's writers sent, and who of its clients is still there, by room. */
export interface DriverWrote {
	writers: number;
	sent: number;
	sentByRoom: Record<string, number>;
	openByRoom: Record<string, number>;
}

/** What reached one driver's clients once the drain ended. */
export interface DriverDrained {
	/** Each delivered copy's send-to-receive time, ms (rounded to 10 µs). */
	latencies: number[];
	/** When the last copy arrived, on the shared clock (0 if none did). */
	lastAt: number;
	closes: Record<string, number>;
	/** The driver's CPU time from the start of writing to the end of the drain, ms. */
	cpuMs: number;
	/** The driver's event-loop delay over that time, p99, ms. */
	loopDelayP99: number;
}

export interface ColdTiming {
	room: string;
	/** From `new WebSocket` to the handshake done (upgrade and authorisation), ms. */
	openMs: number;
	/** From `new WebSocket` to the first sync step 2, ms. */
	syncedMs: number;
	/** Message bytes received until then (after per-message deflate is undone). */
	bytes: number;
	/** Records the document held once synced (checked after the clock stopped). */
	records: number;
}

export type DriverRequest =
	| {
			type: 'connect';
			url: string;
			clients: ClientPlan[];
			/** Handshakes under way at once. */
			concurrency: number;
			deflate: DeflateOffer;
			timeoutMs: number;
	  }
	| {
			type: 'write';
			/** This driver's number, which keeps its writes' ids apart from the other's. */
			driver: number;
			/** Writers in every driver together. */
			writers: number;
			/** When to start, on the shared clock, so every driver's writers keep one pace. */
			startAt: number;
			intervalMs: number;
			durationMs: number;
	  }
	| {
			type: 'drain';
			/** Copies this driver's clients should receive. */
			expected: number;
			/** When to stop waiting for them, on the shared clock. */
			until: number;
	  }
	| { type: 'clock' }
	| { type: 'close-all'; timeoutMs: number }
	| { type: 'cold'; url: string; rooms: { room: string; token: string }[]; timeoutMs: number }
	| { type: 'stop' };

export type DriverReply =
	| {
			type: 'connected';
			ms: number;
			synced: number;
			failed: number;
			closes: Record<string, number>;
	  }
	| ({ type: 'wrote' } & DriverWrote)
	| { type: 'drained'; result: DriverDrained }
	| { type: 'clock'; now: number }
	| { type: 'closed'; ms: number; stillOpen: number }
	| { type: 'cold'; timings: ColdTiming[]; failed: number }
	| { type: 'stopped' };

/** What either child sends when a request failed: the section reports it, never hangs on it. */
export interface FailedReply {
	type: 'failed';
	message: string;
}

export type Envelope<T> = T & { id: number };
