// Headers every response carries, whatever produced it. The app needs no camera, microphone or
// location, is never framed, and sends nothing to other origins; these headers make the
// browser hold us to that. The Content-Security-Policy differs per response, see csp.ts.
//
// The Permissions-Policy goes only on what the browser runs as a page or a worker (the app's
// files), not on JSON answers: there it protects nothing (an answer's own CSP lets it run no
// script), and at about 700 bytes it would be most of each small answer's weight on the wire,
// paid on every sync token and every API call by people who pay for each kilobyte.
//
// No Strict-Transport-Security: this process speaks plain HTTP and cannot know whether a proxy
// in front of it terminates TLS. HSTS sent over plain HTTP is ignored, and sent wrongly from
// behind a proxy it would lock browsers out of a host for a year. The TLS-terminating proxy
// should add it, or a later option here once deployment is settled.
import type { ServerResponse } from 'node:http';

/**
 * Every powerful feature Chromium knows, switched off for this page and anything it could embed,
 * except writing to the clipboard from our own page (the recovery code's "Copy" button). Only
 * features the browser recognises are listed: an unknown name costs a console warning on every
 * page load and protects nothing. `unload=()` also keeps the page eligible for the back/forward
 * cache, and `sync-xhr=()` rules out a request that would freeze a slow phone.
 */
const PERMISSIONS_POLICY = [
	'accelerometer=()',
	'autoplay=()',
	'browsing-topics=()',
	'camera=()',
	'clipboard-read=()',
	'clipboard-write=(self)',
	'display-capture=()',
	'encrypted-media=()',
	'fullscreen=()',
	'gamepad=()',
	'geolocation=()',
	'gyroscope=()',
	'hid=()',
	'identity-credentials-get=()',
	'idle-detection=()',
	'interest-cohort=()',
	'keyboard-map=()',
	'local-fonts=()',
	'magnetometer=()',
	'microphone=()',
	'midi=()',
	'otp-credentials=()',
	'payment=()',
	'picture-in-picture=()',
	'publickey-credentials-create=()',
	'publickey-credentials-get=()',
	'screen-wake-lock=()',
	'serial=()',
	'storage-access=()',
	'sync-xhr=()',
	'unload=()',
	'usb=()',
	'window-management=()',
	'xr-spatial-tracking=()'
].join(', ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/** Headers only the app's own files need: what a page or a worker may use. */
export const APP_FILE_HEADERS: Readonly<Record<string, string>> = {
	'Permissions-Policy': PERMISSIONS_POLICY
};

/** `appFile`: the response is one of the app's files, not a JSON answer. */
export function applySecurityHeaders(res: ServerResponse, { appFile }: { appFile: boolean }): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	if (!appFile) return;
	for (const [name, value] of Object.entries(APP_FILE_HEADERS)) res.setHeader(name, value);
}
