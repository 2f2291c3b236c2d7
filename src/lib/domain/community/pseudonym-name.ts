/**
 * The name a person goes by in a community until they choose one: two warm, neutral words
 * ("Quiet Fern") picked from their pseudonym id. Deterministic, so every device shows the same
 * default without storing it; made from the pseudonym id alone, never from the person's display
 * name or identity, so names in two communities cannot be linked.
 *
 * `attempt` picks another pairing when a name is already taken in the community.
 */

const ADJECTIVES = [
	'Quiet',
	'Gentle',
	'Calm',
	'Kind',
	'Steady',
	'Warm',
	'Bright',
	'Soft',
	'Patient',
	'Hopeful',
	'Brave',
	'Easy',
	'Still',
	'Open',
	'Golden',
	'Silver',
	'Misty',
	'Sunny',
	'Clear',
	'Tender',
	'Humble',
	'Light',
	'Mellow',
	'Cosy',
	'Faithful',
	'Friendly',
	'Peaceful',
	'Restful',
	'Wise',
	'Quick',
	'Little',
	'Early'
] as const;

const NOUNS = [
	'Fern',
	'River',
	'Willow',
	'Meadow',
	'Harbour',
	'Lantern',
	'Pebble',
	'Sparrow',
	'Maple',
	'Cloud',
	'Brook',
	'Heron',
	'Moss',
	'Aspen',
	'Cedar',
	'Robin',
	'Tide',
	'Orchard',
	'Ember',
	'Hill',
	'Birch',
	'Wren',
	'Clover',
	'Shore',
	'Finch',
	'Garden',
	'Valley',
	'Reed',
	'Otter',
	'Acorn',
	'Dawn',
	'Star'
] as const;

/** How many distinct default names there are. */
export const PSEUDONYM_NAME_COUNT = ADJECTIVES.length * NOUNS.length;

export function pseudonymName(pseudonymId: string, attempt = 0): string {
	const index = (hash(pseudonymId) + attempt * STEP) % PSEUDONYM_NAME_COUNT;
	const adjective = ADJECTIVES[Math.floor(index / NOUNS.length)] ?? ADJECTIVES[0];
	const noun = NOUNS[index % NOUNS.length] ?? NOUNS[0];
	return `${adjective} ${noun}`;
}

/** Coprime with the name count, so successive attempts visit every name before repeating. */
const STEP = 389;

/** FNV-1a (32 bits): stable everywhere, and ids are random already, so it need not be strong. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}
