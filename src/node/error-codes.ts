// Every code a CodedError from the node and the layers it owns (storage, net) can carry, for the
// app to say in the user's language (src/app/i18n/errors.ts); the app sees those layers only here.
export { KEYSTORE_ERRORS } from '../storage/keystore';
export { STORAGE_ERRORS } from '../storage/chain-db';
export { SLOT_ERRORS } from '../storage/slots';
export { SIGNAL_SPEC_ERRORS } from '../net/signaling';
export { MINING_ERRORS } from './mining';
