// How long browsers may keep what we serve. Two rules, no list of special files:
// - files under /_app/immutable/ carry a content hash in their name, so they never change:
//   cache for a year, never revalidate;
// - everything else (index.html and every HTML page, sw.js, workbox-*.js, the manifest,
//   _app/version.json, icons, crisis data) keeps its name across versions: `no-cache`, so the
//   browser revalidates every time. With the ETag that costs one round trip and no bytes, and
//   the service worker answers these offline anyway. A max-age on icons would save that round
//   trip, but would also let a stale crisis-help file or manifest outlive a deploy, and a
//   stale sw.js would hold every installed copy on an old version.
// Server-made responses (errors, health, API) are `no-store`.

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
export const NO_STORE = 'no-store';

export function isImmutableAsset(segments: readonly string[]): boolean {
	return segments[0] === '_app' && segments[1] === 'immutable' && segments.length > 2;
}

export function cacheControlForStatic(segments: readonly string[]): string {
	return isImmutableAsset(segments) ? IMMUTABLE : REVALIDATE;
}
