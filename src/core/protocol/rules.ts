// Every consensus and policy rule, by stable ID, with a plain-language explanation.
// docs/PROTOCOL.md lists the same table; tests/unit/core/protocol/rules-doc.test.ts keeps them in step.
// Reading path: stop 4, rules (src/core/READING.md).

export const RULES = {
  // Encoding
  'bad-encoding': 'The bytes do not decode to a well-formed object (truncated, trailing bytes, or a length over its limit).',
  // Header
  'bad-version': 'The block header version is not one this network knows.',
  'bad-pow': 'The header hash is not below the target its bits claim: the proof of work is missing.',
  'bad-diffbits': 'The header bits are not the target the difficulty algorithm (ASERT) computes from its parent, or encode no target within the limit.',
  'time-too-old': 'The header time is not after the median time of the previous 11 blocks.',
  'time-too-new': 'The header time is too far in the future compared with this node\'s clock.',
  'bad-prevblk': 'The block builds on a block known to be invalid.',
  // Block
  'bad-blk-size': 'The block is larger than the block size limit.',
  'bad-blk-empty': 'The block has no transactions; it needs at least its coinbase.',
  'bad-cb-missing': 'The first transaction of a block must be its coinbase.',
  'bad-cb-multiple': 'A block may have only one coinbase, in first place.',
  'bad-merkle': 'The merkle root in the header does not match the block\'s transactions.',
  'bad-txns-duplicate': 'The same transaction appears twice in the block (CVE-2012-2459).',
  'bad-cb-amount': 'The coinbase pays more than the block subsidy plus the fees of its transactions.',
  'bad-cb-height': 'The coinbase does not commit to the height of its block.',
  'bad-cb-chain': 'The coinbase commits to another network\'s genesis block.',
  // Transaction
  'tx-wrong-chain': 'The transaction was signed for another network (its genesis hash differs): a replay.',
  'tx-bad-sig': 'The signature does not verify against the sender\'s key and the transaction\'s fields.',
  'tx-bad-amount': 'The amount must be greater than zero and at most the supply cap.',
  'tx-fee-too-low': 'The fee is below the minimum every transaction must pay.',
  'tx-overflow': 'Amount plus fee exceeds the supply cap.',
  'tx-memo-too-long': 'The memo is longer than the limit.',
  'tx-bad-nonce': 'The nonce is not the sender\'s next nonce: either reused (a replay) or skipping ahead (a gap).',
  'tx-insufficient-funds': 'The sender\'s balance does not cover amount plus fee.',
  'tx-immature-coinbase': 'The sender could pay only by spending coinbase rewards that have not yet matured.',
  // Mempool policy (not consensus: a node may choose other values)
  'mempool-fee-too-low': 'The fee rate is below this node\'s minimum relay fee rate.',
  'mempool-full': 'The mempool is full and this transaction does not beat the lowest fee rate in it by the minimum relay fee rate.',
  'mempool-rbf-fee-too-low': 'A replacement must pay a higher fee rate than the transaction it replaces, and a fee covering every transaction it evicts plus the relay fee of its own bytes.',
  'mempool-duplicate': 'The transaction is already in the mempool.',
  'mempool-chain-too-long': 'The sender already has the maximum number of pending transactions.',
  'mempool-coinbase': 'A coinbase transaction cannot be relayed on its own.',
} as const;

export type RuleId = keyof typeof RULES;

export function explainRule(id: RuleId): string {
  return RULES[id];
}
