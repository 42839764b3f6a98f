/** What makes a password or PIN acceptable, said before the host has to refuse one (one rule: db/domain/secrets.ts). */
export { SECRET_HINT, secretProblem } from '../../../db/domain/secrets';
