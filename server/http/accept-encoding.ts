// Chooses among the precompressed variants adapter-static writes beside each file (`.br`,
// `.gz`). Brotli wins at equal weight: it is the smaller of the two, and on a slow rural link
// bytes are what cost time. `q=0` means "never", including through `*`; so does a malformed q,
// since identity is always a safe answer.

export type ContentCoding = 'br' | 'gzip';

export const FILE_SUFFIX: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };

const PREFERENCE: readonly ContentCoding[] = ['br', 'gzip'];

/** The codings the client accepts, best first. */
export function acceptedCodings(header: string | undefined): ContentCoding[] {
	if (!header) return [];
	const weights = new Map<string, number>();
	for (const entry of header.split(',')) {
		const [name = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
		if (name === '') continue;
		let q = 1;
		for (const param of params) {
			const match = /^q\s*=\s*(.*)$/.exec(param);
			if (match) q = Number(match[1]);
		}
		weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(q) ? q : 0);
	}
	const wildcard = weights.get('*') ?? 0;
	return PREFERENCE.map((coding) => ({ coding, q: weights.get(coding) ?? wildcard }))
		.filter(({ q }) => q > 0)
		.sort((a, b) => b.q - a.q)
		.map(({ coding }) => coding);
}
