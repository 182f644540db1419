import { runDecoderContract } from './decoderContract.js';

runDecoderContract('protobuf');
