// valibot pieces shared by the API's request bodies. Keys and signatures travel as base64url
// (no padding) and come out of parsing as bytes, already checked for size and, for public keys,
// for being a usable Ed25519 key. Display names are only bounded here; the domain's
// normalizeDisplayName decides, so the app and the server give the same verdict.
import * as v from 'valibot';
import { decodeBase64Url } from '../../src/lib/domain/identity/base64url';
import {
	isValidPublicKey,
	PUBLIC_KEY_BYTES,
	SIGNATURE_BYTES
} from '../../src/lib/domain/identity/public-key';

function bytesField(what: string, length: number, accept: (bytes: Uint8Array) => boolean) {
	return v.pipe(
		v.string(`Expected ${what} as base64url text.`),
		v.maxLength(Math.ceil((length * 4) / 3), `Expected ${length} bytes of ${what}.`),
		v.rawTransform<string, Uint8Array>(({ dataset, addIssue, NEVER }) => {
			let bytes: Uint8Array;
			try {
				bytes = decodeBase64Url(dataset.value);
			} catch {
				addIssue({ message: `Expected ${what} as base64url text without padding.` });
				return NEVER;
			}
			if (bytes.length !== length) {
				addIssue({ message: `Expected ${length} bytes of ${what}, not ${bytes.length}.` });
				return NEVER;
			}
			if (!accept(bytes)) {
				addIssue({ message: `This is not a usable ${what}.` });
				return NEVER;
			}
			return bytes;
		})
	);
}

export const PublicKeyField = bytesField('Ed25519 public key', PUBLIC_KEY_BYTES, isValidPublicKey);

export const SignatureField = bytesField('Ed25519 signature', SIGNATURE_BYTES, () => true);

/** Far longer than any valid name, so the domain can say "too long" in its own words. */
export const DisplayNameField = v.pipe(
	v.string('Expected the name as text.'),
	v.maxLength(512, 'A name can be up to 32 characters.')
);
