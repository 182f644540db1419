import { reviewContract } from './review.contract.js';
import { postgresTestUrl, startTestServer } from '../support/startTestServer.js';

reviewContract('PostgreSQL', () => startTestServer({ databaseUrl: postgresTestUrl(`review_${process.pid}_${Date.now()}`) }));
