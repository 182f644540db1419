/**
 * The store contract against PostgreSQL (127.0.0.1:5432, database `test`, or TRACEGATE_PG_URL), in a
 * fresh random schema dropped afterwards. Never skips: an unreachable server fails the suite.
 */
import { postgresContractTarget } from './postgresContractTarget.js';
import { runStoreContract } from './store.contract.js';

runStoreContract('postgres', () => postgresContractTarget());
