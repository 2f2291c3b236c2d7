// POST /api/auth/challenge {publicKey} → {challenge, expiresAt}: the first half of signing in.
import * as v from 'valibot';
import { encodeBase64Url } from '../../src/lib/domain/identity/base64url';
import { sendJson } from '../http/respond';
import type { ApiHandler } from './api-context';
import { readJsonBody } from './read-json-body';
import { PublicKeyField } from './wire-schemas';

const ChallengeBody = v.object({ publicKey: PublicKeyField });

export interface ChallengeResponse {
	challenge: string;
	expiresAt: number;
}

export const postChallenge: ApiHandler = async ({ req, res, context }) => {
	const { publicKey } = await readJsonBody(req, ChallengeBody, context.bodyLimitBytes);
	const issued: ChallengeResponse = context.challenges.issue(encodeBase64Url(publicKey));
	sendJson(res, 200, issued);
};
