// DELETE /api/me {"confirm": "delete-everything"}: deletes the signed-in person's account, their
// posts in every community and their journal room with it (server/account/account-eraser.ts).
// → 200 {"deleted": {"records", "rooms"}}. The confirmation is in the body so that no stray or
// replayed request without it can do this; a retry after a lost answer gets 401 (the identity is
// gone), which the app takes as done.
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { readJsonBody } from './read-json-body';

export const DELETE_CONFIRMATION = 'delete-everything';

const CONFIRM_MESSAGE = `Send {"confirm": "${DELETE_CONFIRMATION}"} to delete the account.`;

const DeleteBody = v.object({ confirm: v.literal(DELETE_CONFIRMATION, CONFIRM_MESSAGE) });

export const deleteMe: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	// No body at all is a missing confirmation, not a wrong media type.
	if (req.headers['content-type'] === undefined) {
		throw new ApiError(400, 'invalid-body', `confirm: ${CONFIRM_MESSAGE}`, { field: 'confirm' });
	}
	await readJsonBody(req, DeleteBody, context.bodyLimitBytes);
	const deleted = await context.deleteAccount(identity.userId);
	sendJson(res, 200, { deleted });
};
