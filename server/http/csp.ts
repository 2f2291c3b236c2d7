// The Content-Security-Policy header. SvelteKit writes the app's policy into index.html as a
// <meta http-equiv> tag, with the hash of its inline bootstrap script, so the build is the one
// source of truth. A meta policy cannot carry `frame-ancestors`, so the server repeats the
// policy as a header with `frame-ancestors 'none'` added. Both then apply, and since they are
// the same policy, the page gets exactly what the build intended plus the framing ban.

/** For HTML without a policy of its own: safe, though SvelteKit's inline script will not run. */
export const FALLBACK_HTML_CSP =
	"default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

/** For responses the server writes itself (errors, JSON): they load nothing. */
export const SERVER_RESPONSE_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Every policy in the document's CSP meta tags (a browser enforces each of them). */
export function findMetaCsp(html: string): string[] {
	const policies: string[] = [];
	for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
		const attributes = readAttributes(tag);
		if (attributes.get('http-equiv')?.toLowerCase() !== 'content-security-policy') continue;
		const content = attributes.get('content')?.trim();
		if (content) policies.push(content);
	}
	return policies;
}

/** The header value for these meta policies; undefined if one could not be sent safely. */
export function toHeaderCsp(policies: readonly string[]): string | undefined {
	if (policies.length === 0) return undefined;
	// A header value cannot hold line breaks or non-ASCII; a policy that does is not ours.
	if (policies.some((policy) => !/^[\x20-\x7e]+$/.test(policy))) return undefined;
	// A comma separates policies in one header; each must ban framing on its own.
	return policies.map(withFrameAncestorsNone).join(', ');
}

function withFrameAncestorsNone(policy: string): string {
	const directives = policy
		.split(';')
		.map((directive) => directive.trim())
		.filter((directive) => directive !== '' && !/^frame-ancestors(\s|$)/i.test(directive));
	return [...directives, "frame-ancestors 'none'"].join('; ');
}

function readAttributes(tag: string): Map<string, string> {
	const attributes = new Map<string, string>();
	const pattern = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
	for (const match of tag.slice(5).matchAll(pattern)) {
		const name = match[1]?.toLowerCase();
		if (name && !attributes.has(name)) {
			attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
		}
	}
	return attributes;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
	amp: '&',
	quot: '"',
	apos: "'",
	lt: '<',
	gt: '>'
};

function decodeEntities(value: string): string {
	return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
		if (body.startsWith('#')) {
			const code =
				body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
		}
		return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
	});
}
