// A lab network cheap enough to mine on in a unit test (regtest's target, marked as a lab), an
// attacker account funded by its first blocks, and a payer that signs from it as the Wallet does.
import { sha256 } from '@noble/hashes/sha2.js';
import { REGTEST, type NetworkParams } from '../../../src/core/protocol/networks';
import { toHex, utf8 } from '../../../src/core/encoding/bytes';
import { publicKeyOf } from '../../../src/core/primitives/tx';
import { encodeAddress } from '../../../src/core/primitives/address';
import { prepareTransfer, signPrepared } from '../../../src/core/wallet/send';
import { emptyAccount, spendableAt } from '../../../src/core/state/account';
import type { Block } from '../../../src/core/primitives/block';
import type { SimpleCoinNode } from '../../../src/node/node';
import type { LabPayer } from '../../../src/lab/confirmations';
import { startLabClass } from './lab-class';

export const cheapLab = (name: string): NetworkParams => ({ ...REGTEST, name, lab: true });

export const keyOf = (label: string) => {
  const secret = sha256(utf8(label));
  return { secret, key: publicKeyOf(secret), hex: toHex(publicKeyOf(secret)) };
};

export function payerFor(params: NetworkParams, node: SimpleCoinNode, label: string): LabPayer {
  const { secret, key, hex } = keyOf(label);
  return {
    address: encodeAddress(params.hrp, key),
    prepare: (to, amount, fee) =>
      signPrepared(prepareTransfer({ params, to, amount, fee, sender: key, nonce: node.mempool.nextNonce(hex), spendable: spendableAt(node.chain.account(hex) ?? emptyAccount(), node.chain.height + 1) }), secret, new Uint8Array(32)).tx,
  };
}

/** A lab class whose first member mined `blocks` blocks to the attacker's account before the others joined (they start with the same chain). */
export async function fundedLabClass(params: NetworkParams, ids: string[], attackerLabel: string, blocks = params.coinbaseMaturity + 2) {
  const mined: Block[] = [];
  return startLabClass(params, ids, async (node) => {
    if (mined.length === 0) {
      await node.mineRegtestBlocks(blocks, keyOf(attackerLabel).key);
      for (let h = 1; h <= blocks; h++) mined.push(await node.chain.loadBlock(node.chain.entryAt(h)));
    } else {
      for (const b of mined) await node.submitBlock(b);
    }
  });
}
