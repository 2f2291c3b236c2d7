// An HTTP request exactly as written: fetch normalises `..` and `%2e%2e` away before sending,
// and decodes gzip and brotli, so traversal and encoding tests go through node:http instead.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export function rawRequest(
	port: number,
	path: string,
	options: { method?: string; headers?: Record<string, string> } = {}
): Promise<RawResponse> {
	return new Promise((done, fail) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				path,
				method: options.method ?? 'GET',
				headers: options.headers,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
				);
				res.on('error', fail);
			}
		);
		req.on('error', fail);
		req.end();
	});
}
