/**
 * One JSON API request against a test server, as a signed-in person or nobody, answered as its
 * status and its body (an object; `{}` when empty). Errors are read with `errorOf`.
 */
export interface ApiAnswer {
	status: number;
	body: Record<string, unknown>;
}

export async function callApi(
	origin: string,
	method: string,
	path: string,
	person?: { session: string },
	body?: unknown
): Promise<ApiAnswer> {
	const response = await fetch(origin + path, {
		method,
		headers: {
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...(person ? { authorization: `Bearer ${person.session}` } : {})
		},
		...(body === undefined ? {} : { body: JSON.stringify(body) })
	});
	const text = await response.text();
	const parsed: unknown = text ? JSON.parse(text) : {};
	return { status: response.status, body: isRecord(parsed) ? parsed : {} };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const errorOf = (answer: ApiAnswer): unknown => answer.body.error;
