// Consensus constants shared by every network. Per-network values live in networks.ts.
// Reading path: stop 2, primitives (src/core/READING.md).

/** Base units per coin. Amounts are bigint base units everywhere. */
export const COIN = 100_000_000n;

/** The supply cap, in base units: no amount, balance or sum may exceed it. */
export const MAX_MONEY = 420_000_000n * COIN;

export const HEADER_BYTES = 80;
export const HEADER_VERSION = 1;

/** A block may hold at most this many bytes (header and transactions). */
export const MAX_BLOCK_BYTES = 512 * 1024;
export const MAX_MEMO_BYTES = 64;
/**
 * A transfer's bytes besides its memo (primitives/tx.ts): kind 1, chain id 32, sender 32,
 * recipient 32, amount 8, fee 8, nonce 4, memo length 1, signature 64.
 */
export const TRANSFER_BASE_BYTES = 182;
/** A coinbase's bytes besides its memo: kind 1, chain id 32, height 4, recipient 32, amount 8, extra nonce 8, memo length 1. */
export const COINBASE_BASE_BYTES = 86;
/** The largest transaction: a transfer with a full memo. Implied by the field sizes. */
export const MAX_TX_BYTES = TRANSFER_BASE_BYTES + MAX_MEMO_BYTES;
/** The smallest transaction is a coinbase without a memo, so no valid block holds more than this many. */
export const MAX_BLOCK_TXS = Math.floor(MAX_BLOCK_BYTES / COINBASE_BASE_BYTES);

/** Every transfer pays at least this fee, in base units (consensus; relay policy may ask more). */
export const MIN_TX_FEE = 1_000n;

/** Blocks counted for the median-time-past rule. */
export const MEDIAN_TIME_SPAN = 11;

/** How far ahead of the node's clock a header time may be, in target spacings (Bitcoin: 2 h = 12 × 10 min). */
export const MAX_FUTURE_SPACINGS = 12;

/** BIP340 tagged-hash tags: every signature message is domain-separated. */
export const TX_SIG_TAG = 'SimpleCoin/tx';
