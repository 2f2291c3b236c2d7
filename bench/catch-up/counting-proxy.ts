/**
 * A TCP proxy on 127.0.0.1 that forwards to a port and counts every byte it carries, per
 * connection and in each direction. Counting below WebSocket means the figures include what a
 * phone's radio actually carries above TCP: the HTTP upgrade, frame headers, and payloads after
 * per-message deflate.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface LinkBytes {
	/** Client to server. */
	up: number;
	/** Server to client. */
	down: number;
}

export interface CountingProxy {
	readonly port: number;
	/** One entry per connection, in the order they were made. */
	readonly links: readonly LinkBytes[];
	close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
	const links: LinkBytes[] = [];
	const open = new Set<Socket>();
	const server = createServer((client) => {
		const link: LinkBytes = { up: 0, down: 0 };
		links.push(link);
		const upstream = connect(targetPort, '127.0.0.1');
		for (const socket of [client, upstream]) {
			open.add(socket);
			// Either end going away takes the other with it, as a real link would.
			socket.on('close', () => {
				open.delete(socket);
				client.destroy();
				upstream.destroy();
			});
			socket.on('error', () => socket.destroy());
		}
		client.on('data', (chunk: Buffer) => {
			link.up += chunk.length;
			upstream.write(chunk);
		});
		upstream.on('data', (chunk: Buffer) => {
			link.down += chunk.length;
			client.write(chunk);
		});
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('The proxy has no port.');
	return {
		port: address.port,
		links,
		close() {
			for (const socket of open) socket.destroy();
			return new Promise((closed) => server.close(() => closed()));
		}
	};
}
