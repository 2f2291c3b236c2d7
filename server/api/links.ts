// Linking a second device: the server is only a drop box for a sealed box it cannot open.
//
//   POST   /api/links            (signed in) leave { dropId, box }: replaces the person's earlier
//                                drop; expires after 10 minutes
//   GET    /api/links/:dropId    (anyone: the new phone has no identity yet) take the box, once
//   DELETE /api/links            (signed in) cancel the person's open drop
//
// The box is sealed on the phone with a key derived from the link code (160 random bits), and
// the drop id is derived from the same code one-way, so neither tells the server the secret.
// Taking is limited per address (loosely: 30 a minute) so nobody can sweep drop ids, though 128
// bits could not be swept anyway. Drops live in memory only (link-drops.ts).
import * as v from 'valibot';
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { readJsonBody } from './read-json-body';

/** The largest accepted POST body: a box with a few hundred journal keys fits easily. */
export const LINK_BODY_LIMIT_BYTES = 8 * 1024;
export const LINK_TAKES_PER_MINUTE = 30;

const DROP_ID = /^[A-Za-z0-9_-]{22}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const LinkBody = v.object({
	dropId: v.pipe(
		v.string('Expected the drop id as text.'),
		v.regex(DROP_ID, 'Expected 16 bytes as base64url.')
	),
	box: v.object({
		iv: v.pipe(
			v.string('Expected the nonce as text.'),
			v.regex(/^[A-Za-z0-9_-]{16}$/, 'Expected 12 bytes as base64url.')
		),
		ct: v.pipe(
			v.string('Expected the ciphertext as text.'),
			v.regex(BASE64URL, 'Expected base64url.')
		)
	})
});

export interface LinkLeftResponse {
	/** Server time; `expiresInMs` is for counting down on a device whose clock may be off. */
	expiresAt: number;
	expiresInMs: number;
}

export interface LinkTakenResponse {
	box: { iv: string; ct: string };
}

export const postLink: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	const body = await readJsonBody(req, LinkBody, LINK_BODY_LIMIT_BYTES);
	const expiresAt = context.links.leave(identity.userId, body.dropId, {
		iv: body.box.iv,
		ct: body.box.ct
	});
	if (expiresAt === null) {
		throw new ApiError(409, 'link-exists', 'That drop id is taken; make a new link code.');
	}
	const response: LinkLeftResponse = { expiresAt, expiresInMs: expiresAt - context.now() };
	sendJson(res, 201, response);
};

export const getLink: ApiHandler = async ({ req, res, params, context }) => {
	const wait = context.linkTakes.take(req.socket.remoteAddress ?? 'unknown');
	if (wait > 0) {
		throw new ApiError(429, 'too-many-requests', 'Too many link codes tried; wait a minute.', {
			headers: { 'Retry-After': String(Math.ceil(wait / 1000)) }
		});
	}
	const dropId = params.dropId ?? '';
	if (!DROP_ID.test(dropId)) throw unknownLink();
	if (req.method === 'HEAD') {
		// Says whether the box is there without using it up (Node drops the body of a HEAD).
		if (!context.links.has(dropId)) throw unknownLink();
		sendJson(res, 200, {});
		return;
	}
	const box = context.links.take(dropId);
	if (box === undefined) throw unknownLink();
	const response: LinkTakenResponse = { box };
	sendJson(res, 200, response);
};

export const deleteLink: ApiHandler = async ({ req, res, context }) => {
	const identity = await authenticate(req, context.tokens, context.identities);
	context.links.cancel(identity.userId);
	res.writeHead(204).end();
};

function unknownLink(): ApiError {
	return new ApiError(
		404,
		'unknown-link',
		'No link waits under that code: it was mistyped, already used, cancelled or expired.'
	);
}
