/** What makes a password or PIN acceptable, said before the host has to refuse one. */
export const SECRET_HINT = '至少 6 位的密码或数字 PIN；不要用 123456 或同一数字的重复。';
