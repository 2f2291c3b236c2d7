/**
 * The person's linked devices, in the journal's document beside the entries:
 *
 *   devices   <deviceId> → sealed with the journal key, `{ name, publicKey, addedAt }`: each
 *             device announces itself, with the X25519 public key grants are sealed to
 *   grants    <deviceId>/<keyId> → a `DeviceGrant` to that device: `{ key, at }`, a journal key
 *             (base64url) and when it became current
 *   revoked   <deviceId> → when it was unlinked (a number: nothing about the device)
 *
 * Unlinking rotates the journal key: the unlinking device makes a new current key, grants it to
 * every other device still listed, marks the lost one revoked and drops its entry. The lost
 * device, sent nothing, can read nothing sealed with the new key.
 */

import type * as Y from 'yjs';
import { decodeBase64Url, encodeBase64Url } from '../domain/identity/base64url';
import { openGrant, sealGrant, type DeviceGrant } from '../domain/journal-crypto/device-grant';
import { openRecord, sealRecord, type RecordKeys } from '../domain/journal-crypto/record-envelope';

export const DEVICES_MAP = 'devices';
export const GRANTS_MAP = 'grants';
export const REVOKED_MAP = 'revoked';
const NAME_MAX = 80;

export interface LinkedDevice {
	id: string;
	name: string;
	publicKey: Uint8Array;
	addedAt: number;
}

export interface ReceivedKey {
	keyId: string;
	key: Uint8Array;
	/** When it became current: of several, the latest is the one to seal with. */
	at: number;
}

export class JournalDevicesCodec {
	constructor(
		private readonly doc: Y.Doc,
		private readonly keys: () => RecordKeys
	) {}

	/** The devices listed and not revoked; entries this device cannot open are left out. */
	async list(): Promise<LinkedDevice[]> {
		const revoked = this.#revoked;
		const devices: LinkedDevice[] = [];
		for (const [id, value] of this.#devices.entries()) {
			if (revoked.has(id)) continue;
			const device = await this.#openDevice(id, value);
			if (device !== null) devices.push(device);
		}
		return devices.sort((a, b) => a.addedAt - b.addedAt);
	}

	isRevoked(deviceId: string): boolean {
		return this.#revoked.has(deviceId);
	}

	/** Lists this device (again, if its name or key changed). */
	async announce(device: LinkedDevice, origin: unknown): Promise<void> {
		if (this.isRevoked(device.id)) return;
		const known = await this.#openDevice(device.id, this.#devices.get(device.id));
		if (
			known !== null &&
			known.name === device.name &&
			encodeBase64Url(known.publicKey) === encodeBase64Url(device.publicKey)
		) {
			return;
		}
		const record = await sealRecord(this.keys(), `dev/${device.id}`, {
			name: device.name.slice(0, NAME_MAX),
			publicKey: encodeBase64Url(device.publicKey),
			addedAt: known?.addedAt ?? device.addedAt
		});
		this.doc.transact(() => this.#devices.set(device.id, record), origin);
	}

	/** Keys granted to this device; ones that do not open (not for it, damaged) are skipped. */
	async received(deviceId: string, secretKey: Uint8Array): Promise<ReceivedKey[]> {
		const received: ReceivedKey[] = [];
		for (const [place, grant] of this.#grants.entries()) {
			const [to, keyId] = place.split('/');
			if (to !== deviceId || keyId === undefined) continue;
			try {
				const bytes = await openGrant(secretKey, grant, `grant/${place}`);
				const payload = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
				const parsed = readGrantPayload(payload);
				if (parsed !== null) received.push({ keyId, ...parsed });
			} catch {
				// Not for this device after all, or changed: nothing to learn from it.
			}
		}
		return received.sort((a, b) => a.at - b.at);
	}

	/** Granted keys this device does not hold yet, and the one to seal with from now on. */
	async freshKeys(
		deviceId: string,
		secretKey: Uint8Array,
		known: ReadonlyMap<string, Uint8Array>
	): Promise<{ keys: Map<string, Uint8Array>; current: string } | null> {
		const fresh = (await this.received(deviceId, secretKey)).filter(
			(grant) => !known.has(grant.keyId)
		);
		const latest = fresh.at(-1);
		if (latest === undefined) return null;
		return { keys: new Map(fresh.map((grant) => [grant.keyId, grant.key])), current: latest.keyId };
	}

	/**
	 * Unlinks `target`: grants the new key to every other listed device (`recipients`), marks the
	 * target revoked and removes its entry, in one transaction.
	 */
	async unlink(
		target: string,
		newKey: { keyId: string; key: Uint8Array },
		recipients: readonly LinkedDevice[],
		at: number,
		origin: unknown
	): Promise<void> {
		const payload = new TextEncoder().encode(
			JSON.stringify({ key: encodeBase64Url(newKey.key), at })
		);
		const grants: [string, DeviceGrant][] = [];
		for (const device of recipients) {
			if (device.id === target) continue;
			const place = `${device.id}/${newKey.keyId}`;
			grants.push([place, await sealGrant(device.publicKey, payload, `grant/${place}`)]);
		}
		this.doc.transact(() => {
			for (const [place, grant] of grants) this.#grants.set(place, grant);
			this.doc.getMap(REVOKED_MAP).set(target, at);
			this.#devices.delete(target);
			// Grants to the lost device are of no more use to anyone.
			for (const place of [...this.#grants.keys()]) {
				if (place.startsWith(`${target}/`)) this.#grants.delete(place);
			}
		}, origin);
	}

	get #devices(): Y.Map<unknown> {
		return this.doc.getMap(DEVICES_MAP);
	}

	get #grants(): Y.Map<unknown> {
		return this.doc.getMap(GRANTS_MAP);
	}

	get #revoked(): Set<string> {
		return new Set(this.doc.getMap(REVOKED_MAP).keys());
	}

	async #openDevice(id: string, value: unknown): Promise<LinkedDevice | null> {
		if (value === undefined) return null;
		try {
			const plain = await openRecord(this.keys(), `dev/${id}`, value);
			if (typeof plain !== 'object' || plain === null) return null;
			const { name, publicKey, addedAt } = plain as Record<string, unknown>;
			if (typeof name !== 'string' || typeof publicKey !== 'string') return null;
			if (typeof addedAt !== 'number' || !Number.isFinite(addedAt)) return null;
			const key = decodeBase64Url(publicKey);
			if (key.length !== 32) return null;
			return { id, name: name.slice(0, NAME_MAX), publicKey: key, addedAt };
		} catch {
			return null;
		}
	}
}

function readGrantPayload(value: unknown): { key: Uint8Array; at: number } | null {
	if (typeof value !== 'object' || value === null) return null;
	const { key, at } = value as Record<string, unknown>;
	if (typeof key !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) return null;
	try {
		const bytes = decodeBase64Url(key);
		return bytes.length === 32 ? { key: bytes, at } : null;
	} catch {
		return null;
	}
}
