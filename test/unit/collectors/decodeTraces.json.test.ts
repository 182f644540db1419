import { runDecoderContract } from './decoderContract.js';

runDecoderContract('json');
