/**
 * Reading and re-writing Yjs v1 updates at the level of structs, for the places an update must
 * be cut apart: splitting a large update into bounded messages (server and client alike), and,
 * on the server, dropping what the room already holds from an incoming update.
 *
 * A v1 update, as Yjs writes it (yjs/src/utils/encoding.js and DeleteSet.js):
 *
 *   update      = <varUint group count> group* deleteSet
 *   group       = <varUint struct count> <varUint client> <varUint first clock> struct*
 *   struct      = what `struct.write(UpdateEncoderV1, offset)` produces (Item, GC or Skip)
 *   deleteSet   = <varUint client count> (<varUint client> <varUint range count>
 *                                           (<varUint clock> <varUint length>)*)*
 *
 * A group's structs cover consecutive clocks of one client (a Skip stands for a gap), and a
 * client appears in at most one group per update: the reader keys groups by client, so a second
 * group for the same client would replace the first.
 *
 * In v1 every field goes into one byte stream in order, so a struct's bytes do not depend on
 * its neighbours: each can be encoded alone, measured, and concatenated.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
export type Struct = DecodedUpdate['structs'][number];

/** An update that Yjs cannot decode; the sender is closed with 4400 and nothing is stored. */
export class MalformedUpdateError extends Error {
	override name = 'MalformedUpdateError';
}

/** Decodes a v1 update, turning anything Yjs throws into a MalformedUpdateError. */
export function decodeUpdateStrictly(update: Uint8Array): DecodedUpdate {
	try {
		// An exact copy, so a length that runs past the end throws instead of reading on into
		// whatever shares the underlying buffer.
		const exact = update.byteOffset === 0 && update.byteLength === update.buffer.byteLength;
		return Y.decodeUpdate(exact ? update : update.slice());
	} catch {
		throw new MalformedUpdateError('The update is not a valid Yjs update.');
	}
}

export function hasContent(decoded: DecodedUpdate): boolean {
	return decoded.structs.some((s) => !(s instanceof Y.Skip)) || decoded.ds.clients.size > 0;
}

/** Bytes a lib0 varUint takes. */
export function varUintLength(value: number): number {
	let length = 1;
	for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) length++;
	return length;
}

/** The v1 bytes of units [from, to) of a struct. */
export function encodeStructRange(struct: Struct, from: number, to: number): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	headOf(struct, to).write(encoder, from);
	return encoder.toUint8Array();
}

/** The struct cut to its first `to` units, as a new struct; the original is left untouched. */
function headOf(struct: Struct, to: number): Struct {
	if (to >= struct.length) return struct;
	if (struct instanceof Y.GC) return new Y.GC(struct.id, to);
	if (struct instanceof Y.Skip) return new Y.Skip(struct.id, to);
	const content = struct.content.copy();
	// splice keeps [0, to) in `content` and returns the rest, which is dropped.
	content.splice(to);
	return new Y.Item(
		struct.id,
		null,
		struct.origin,
		null,
		struct.rightOrigin,
		struct.parent,
		struct.parentSub,
		content
	);
}

/**
 * Moves a cut at `to` (units into the struct, after `from`) off the middle of a UTF-16 surrogate
 * pair: Yjs replaces a pair split by a cut with two U+FFFD characters, losing the character.
 */
export function safeCut(struct: Struct, from: number, to: number): number {
	if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return to;
	const code = struct.content.str.charCodeAt(to - 1);
	const splitsPair = code >= 0xd800 && code <= 0xdbff && to < struct.length;
	if (!splitsPair) return to;
	return to - 1 > from ? to - 1 : to + 1;
}

interface Group {
	client: number;
	firstClock: number;
	nextClock: number;
	parts: { bytes: Uint8Array; skip: boolean }[];
}

/** Bytes a group's header and a struct count can take at most (count ≤ 5 bytes). */
const GROUP_HEADER_MAX = 5;

/** Builds one v1 update from structs (or ranges of them) and delete ranges, tracking its size. */
export class UpdateWriter {
	private readonly groups = new Map<number, Group>();
	private readonly deletes = new Map<number, { clock: number; len: number }[]>();
	/** An upper bound on the encoded size, kept as parts are added (from two 5-byte counts). */
	private bound = 10;

	isEmpty(): boolean {
		return this.groups.size === 0 && this.deletes.size === 0;
	}

	byteLengthBound(): number {
		return this.bound;
	}

	/** What adding a struct of `bytes` for `client` would add to the size, at most. */
	structCost(client: number, clock: number, bytes: number): number {
		const group = this.groups.get(client);
		if (group) return bytes;
		return bytes + GROUP_HEADER_MAX + varUintLength(client) + varUintLength(clock);
	}

	/** Whether a struct at `clock` continues this client's group (or starts one). */
	canAppend(client: number, clock: number): boolean {
		const group = this.groups.get(client);
		return group === undefined || group.nextClock === clock;
	}

	addStruct(client: number, clock: number, length: number, bytes: Uint8Array, skip = false): void {
		let group = this.groups.get(client);
		// A group never starts with a gap: the client would take it for missing structs.
		if (!group && skip) return;
		this.bound += this.structCost(client, clock, bytes.length);
		if (!group) {
			group = { client, firstClock: clock, nextClock: clock, parts: [] };
			this.groups.set(client, group);
		}
		if (group.nextClock !== clock) throw new RangeError("A client's structs must be contiguous.");
		group.parts.push({ bytes, skip });
		group.nextClock = clock + length;
	}

	deleteCost(client: number, clock: number, len: number): number {
		const head = this.deletes.has(client) ? 0 : varUintLength(client) + GROUP_HEADER_MAX;
		return head + varUintLength(clock) + varUintLength(len);
	}

	addDelete(client: number, clock: number, len: number): void {
		this.bound += this.deleteCost(client, clock, len);
		const ranges = this.deletes.get(client) ?? [];
		ranges.push({ clock, len });
		this.deletes.set(client, ranges);
	}

	toUpdate(): Uint8Array {
		const encoder = encoding.createEncoder();
		const groups = [...this.groups.values()]
			.map((group) => ({ ...group, parts: withoutTrailingSkips(group.parts) }))
			.filter((group) => group.parts.length > 0);
		encoding.writeVarUint(encoder, groups.length);
		for (const group of groups) {
			encoding.writeVarUint(encoder, group.parts.length);
			encoding.writeVarUint(encoder, group.client);
			encoding.writeVarUint(encoder, group.firstClock);
			for (const part of group.parts) encoding.writeUint8Array(encoder, part.bytes);
		}
		encoding.writeVarUint(encoder, this.deletes.size);
		for (const [client, ranges] of this.deletes) {
			encoding.writeVarUint(encoder, client);
			encoding.writeVarUint(encoder, ranges.length);
			for (const range of ranges) {
				encoding.writeVarUint(encoder, range.clock);
				encoding.writeVarUint(encoder, range.len);
			}
		}
		return encoding.toUint8Array(encoder);
	}
}

function withoutTrailingSkips<T extends { skip: boolean }>(parts: T[]): T[] {
	let end = parts.length;
	while (end > 0 && parts[end - 1]?.skip) end--;
	return parts.slice(0, end);
}
