import { reviewContract } from './review.contract.js';
import { startTestServer } from '../support/startTestServer.js';

reviewContract('SQLite', () => startTestServer());
