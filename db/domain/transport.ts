/** What the browser-mode page and host agree on besides the contract. */

/** The header that carries the per-start token on every API request. */
export const TOKEN_HEADER = 'x-griddesk-token';
/** Replaced by the token in the served index.html (`<meta name="griddesk-token">`). */
export const TOKEN_PLACEHOLDER = '__GRIDDESK_TOKEN__';
