// A display name from a request, through the same domain check the app runs as the person
// types; its problem codes (display-name-empty, -too-long, -characters) pass through unchanged.
import { DisplayNameError, normalizeDisplayName } from '../../src/lib/domain/identity/display-name';
import { ApiError } from './api-error';

export function acceptDisplayName(raw: string): string {
	try {
		return normalizeDisplayName(raw);
	} catch (cause: unknown) {
		if (cause instanceof DisplayNameError) {
			throw new ApiError(400, cause.code, cause.message, { field: 'displayName' });
		}
		throw cause;
	}
}

/** A public key already registered, as someone's identity or pseudonym: each key is one mask. */
export function keyInUse(): ApiError {
	return new ApiError(409, 'key-in-use', 'This public key is registered already.', {
		field: 'publicKey'
	});
}

export function nameTaken(where: 'here' | 'in this community'): ApiError {
	return new ApiError(
		409,
		'name-taken',
		`Someone ${where === 'here' ? 'here' : 'in this community'} already uses that name. ` +
			'Please pick another; adding a word or a number often works.',
		{ field: 'displayName' }
	);
}
