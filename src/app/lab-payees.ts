// Who the lab's double spends can pay: ready peers that announced a reward account in their
// profile (the classroom's `profile` message). And the payer: this tab's wallet, unlocked.
import { fromHex } from '../core/encoding/bytes';
import { encodeAddress } from '../core/primitives/address';
import { parseCoins } from '../core/wallet/amount';
import type { BrowserNode } from '../node/browser';
import type { Wallet } from '../node/wallet';
import { describeError } from './i18n/errors';
import { t } from './i18n/i18n';

export interface Payee {
  nodeKey: string;
  address: string;
}

/** The peer's announced account as an address of this network, if it is a ready peer that announced one. */
export function payeeOf(browserNode: BrowserNode, nodeKey: string): Payee | null {
  const peer = browserNode.node.peerList().find((p) => p.nodeKey === nodeKey && p.state === 'ready');
  const reward = peer?.profile?.rewardKeyHex;
  return reward ? { nodeKey, address: encodeAddress(browserNode.params.hrp, fromHex(reward)) } : null;
}

/** The wallet if it can sign now, else the error to show. */
export async function unlockedWallet(browserNode: BrowserNode): Promise<Wallet | string> {
  const wallet = await browserNode.wallet();
  return wallet.unlocked ? wallet : t('lab.attack.unlock', { wallet: t('nav.wallet') });
}

/** Coins as base units, else the error to show beside the amount. */
export function amountOf(text: string): bigint | string {
  try {
    const amount = parseCoins(text);
    return amount > 0n ? amount : t('lab.attack.amountZero');
  } catch (error) {
    return describeError(error);
  }
}
