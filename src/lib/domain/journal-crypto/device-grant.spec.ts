import { describe, expect, it } from 'vitest';
import { JournalCryptoError } from './crypto-error';
import { newAgreementKeyPair, openGrant, sealGrant } from './device-grant';

const PURPOSE = 'g/device-1/kid-2';

describe('device grants', () => {
	it('opens for the device it was sealed to, and only that one', async () => {
		const device = newAgreementKeyPair();
		const other = newAgreementKeyPair();
		const payload = crypto.getRandomValues(new Uint8Array(32));
		const grant = await sealGrant(device.publicKey, payload, PURPOSE);
		expect(await openGrant(device.secretKey, grant, PURPOSE)).toEqual(payload);
		await expect(openGrant(other.secretKey, grant, PURPOSE)).rejects.toMatchObject({
			code: 'tampered'
		});
	});

	it('uses a fresh ephemeral key each time', async () => {
		const device = newAgreementKeyPair();
		const payload = new Uint8Array(32);
		const [a, b] = await Promise.all([
			sealGrant(device.publicKey, payload, PURPOSE),
			sealGrant(device.publicKey, payload, PURPOSE)
		]);
		expect(a.epk).not.toBe(b.epk);
		expect(a.ct).not.toBe(b.ct);
	});

	it('refuses a grant moved to another place, changed, or not a grant at all', async () => {
		const device = newAgreementKeyPair();
		const grant = await sealGrant(device.publicKey, new Uint8Array(32), PURPOSE);
		await expect(openGrant(device.secretKey, grant, 'g/device-2/kid-2')).rejects.toBeInstanceOf(
			JournalCryptoError
		);
		const swapped = {
			...grant,
			epk: (await sealGrant(device.publicKey, new Uint8Array(1), PURPOSE)).epk
		};
		await expect(openGrant(device.secretKey, swapped, PURPOSE)).rejects.toMatchObject({
			code: 'tampered'
		});
		for (const junk of [null, 'grant', { iv: 'x', ct: 'y' }, { ...grant, epk: '!!' }]) {
			await expect(openGrant(device.secretKey, junk, PURPOSE)).rejects.toMatchObject({
				code: 'malformed'
			});
		}
	});
});
