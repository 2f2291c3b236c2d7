// A phone's own data meter, as the server counted it (server/usage/usage-meter.ts).
//
//   GET /api/usage/:meterId   (anyone: the id is the phone's own secret) this UTC month's bytes
//                             on the wire of its sync connections, live ones included
//
// Limited per address like taking a link (loosely: 60 a minute), so nobody can sweep meter ids,
// though 128 random bits could not be swept anyway.
import { sendJson } from '../http/respond';
import { METER_ID, type MonthUsage } from '../usage/usage-meter';
import type { ApiHandler } from './api-context';
import { ApiError } from './api-error';

export const USAGE_READS_PER_MINUTE = 60;

export type UsageResponse = MonthUsage;

export const getUsage: ApiHandler = async ({ req, res, params, context }) => {
	const wait = context.usageReads.take(req.socket.remoteAddress ?? 'unknown');
	if (wait > 0) {
		throw new ApiError(429, 'too-many-requests', 'Too many data meter reads; wait a minute.', {
			headers: { 'Retry-After': String(Math.ceil(wait / 1000)) }
		});
	}
	const meterId = params.meterId ?? '';
	if (!METER_ID.test(meterId)) {
		throw new ApiError(400, 'bad-meter-id', 'Expected a meter id: 16 bytes as base64url.');
	}
	const usage = context.usage.usage(meterId);
	if (usage === undefined) {
		throw new ApiError(
			404,
			'unknown-meter',
			'Nothing counted under that meter id this month (or the server restarted).'
		);
	}
	const response: UsageResponse = usage;
	sendJson(res, 200, response);
};
