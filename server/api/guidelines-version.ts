// A community's guidelines version: the first 16 hex characters of SHA-256 over the JSON of its
// guidelines array. Stable while the text stays the same, different once the operator changes a
// word, so an acceptance names exactly the guidelines the person read.
import { createHash } from 'node:crypto';
import type { Community } from './communities';

const versions = new WeakMap<Community, string>();

export function guidelinesVersion(community: Community): string {
	let version = versions.get(community);
	if (version === undefined) {
		version = createHash('sha256')
			.update(JSON.stringify(community.guidelines))
			.digest('hex')
			.slice(0, 16);
		versions.set(community, version);
	}
	return version;
}
