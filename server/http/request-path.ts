// Turns a request target into decoded path segments, once, for every handler. Each way of
// naming something outside a served folder is refused here: `..` and `.` segments (also as
// %2e%2e), encoded slashes and backslashes (which would smuggle a separator into one segment),
// NUL and other control characters. Handlers below may join segments onto a root as they are.

export type RequestPath = { ok: true; segments: readonly string[] } | { ok: false; reason: string };

export function parseRequestPath(target: string | undefined): RequestPath {
	let path = target ?? '';
	if (/^https?:\/\//i.test(path)) {
		// Absolute-form targets (sent to proxies) are legal HTTP/1.1; only their path matters here.
		try {
			path = new URL(path).pathname;
		} catch {
			return { ok: false, reason: 'The request target is not a valid URL.' };
		}
	}
	if (!path.startsWith('/')) return { ok: false, reason: 'The request path must start with "/".' };

	const queryAt = path.search(/[?#]/);
	if (queryAt !== -1) path = path.slice(0, queryAt);

	const segments: string[] = [];
	for (const raw of path.split('/')) {
		if (raw === '') continue;
		let segment: string;
		try {
			segment = decodeURIComponent(raw);
		} catch {
			return { ok: false, reason: 'The request path has a malformed escape.' };
		}
		if (segment === '.' || segment === '..') {
			return { ok: false, reason: 'The request path may not contain "." or ".." segments.' };
		}
		// eslint-disable-next-line no-control-regex -- control characters are what is refused
		if (/[/\\\u0000-\u001f\u007f]/.test(segment)) {
			return { ok: false, reason: 'The request path contains a character that is not allowed.' };
		}
		segments.push(segment);
	}
	return { ok: true, segments };
}

/** The first segment names the area: `api`, `sync`, `healthz`, or a static file. */
export function firstSegmentOf(target: string | undefined): string {
	const match = /^\/([^/?#]*)/.exec(target ?? '');
	return match?.[1] ?? '';
}
