// Headers every response carries, whatever produced it. The app needs no camera, microphone or
// location, is never framed, and sends nothing to other origins; these headers make the
// browser hold us to that. The Content-Security-Policy differs per response, see csp.ts.
//
// No Strict-Transport-Security: this process speaks plain HTTP and cannot know whether a proxy
// in front of it terminates TLS. HSTS sent over plain HTTP is ignored, and sent wrongly from
// behind a proxy it would lock browsers out of a host for a year. The TLS-terminating proxy
// should add it, or a later option here once deployment is settled.
import type { ServerResponse } from 'node:http';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy':
		'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

export function applySecurityHeaders(res: ServerResponse): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
