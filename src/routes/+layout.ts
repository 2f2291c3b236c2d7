// Hearth renders entirely in the browser: every route comes from one precached fallback page,
// so the app opens, and deep links work, with no connection.
export const ssr = false;
export const prerender = false;
