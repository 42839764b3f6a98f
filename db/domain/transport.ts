/** What the browser-mode page and host agree on besides the contract. */

/** The header that carries the per-start token on every API request. */
export const TOKEN_HEADER = 'x-griddesk-token';
/** Replaced by the token in the served index.html (`<meta name="griddesk-token">`). */
export const TOKEN_PLACEHOLDER = '__GRIDDESK_TOKEN__';
/** The header that carries the logged-in session's token in browser mode (kept by the page, per tab). */
export const SESSION_HEADER = 'x-griddesk-session';
