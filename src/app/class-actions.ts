// The classroom: links to create or reset a class, this tab's nickname (kept in localStorage and
// announced to peers in a `profile` message), blocks found per miner, and the live feed.
import { fromHex, toHex } from '../core/encoding/bytes';
import { decodeAddress, encodeAddress } from '../core/primitives/address';
import { TX_KIND_COINBASE, type Tx } from '../core/primitives/tx';
import { classroomNetworkName, parseClassroomName } from '../core/protocol/networks';
import { formatCoins } from '../core/wallet/amount';
import { COIN } from '../core/protocol/consensus';
import type { Block } from '../core/primitives/block';
import type { BrowserNode } from '../node/browser';
import { cleanNickname } from '../node/p2p/profiles';
import type { ClassState } from './class-state.svelte';
import type { MiningState } from './mining-state.svelte';
import type { WalletState } from './wallet-state.svelte';
import { t } from './i18n/i18n';
import { networkLink } from './invite-link';

export const NICKNAME_SETTING = 'simplecoin.nickname';
const FEED_LENGTH = 30;
/** Blocks counted when the page opens (the counts then follow every block). */
const SCAN_BLOCKS = 2_000;
const PROFILE_REFRESH_MS = 10_000;

/** The link that opens a class (a round > 1 is a reset class) on its class page. */
export function classLink(base: URL, name: string, round: number): string {
  return networkLink(base, classroomNetworkName(name, round), '#/class');
}

/** Checks a class name typed by a teacher; returns it normalised or throws with a readable message. */
export function checkClassName(text: string): string {
  const { name, round } = parseClassroomName(text);
  if (round !== 1) throw new Error(t('class.errDot'));
  if (name === 'main' || name === 'regtest') throw new Error(t('class.errTaken', { name }));
  return name;
}

export class ClassActions {
  private nextId = 1;

  constructor(
    private readonly browserNode: BrowserNode,
    private readonly state: ClassState,
    private readonly mining: MiningState,
    private readonly wallet: WalletState,
  ) {
    const { params } = browserNode;
    state.kind = params.kind;
    state.hrp = params.hrp;
    if (params.kind === 'classroom') {
      const { name, round } = parseClassroomName(params.name);
      state.className = name;
      state.round = round;
    }
    state.nickname = cleanNickname(localStorage.getItem(NICKNAME_SETTING) ?? '');
  }

  init(): void {
    const { chain } = this.browserNode.node;
    // Counts and the feed are for class pages; the main network's chain is not scanned for them.
    if (this.state.kind === 'classroom') {
      chain.events.on('connect', ({ entry, block }) => this.onBlock(entry.height, entry.hashHex, block, 1));
      chain.events.on('disconnect', ({ block }) => this.count(block, -1));
      void this.scan();
    }
    this.announce();
    setInterval(() => this.announce(), PROFILE_REFRESH_MS);
  }

  setNickname(text: string): string {
    const clean = cleanNickname(text);
    // The wire bound is 32 bytes of UTF-8; cut by characters until it fits.
    let fitted = clean;
    while (new TextEncoder().encode(fitted).length > 32) fitted = [...fitted].slice(0, -1).join('');
    this.state.nickname = fitted;
    if (fitted) localStorage.setItem(NICKNAME_SETTING, fitted);
    else localStorage.removeItem(NICKNAME_SETTING);
    this.announce();
    return fitted;
  }

  link(round = this.state.round): string {
    return classLink(new URL(window.location.href), this.state.className, round);
  }

  /** What we tell peers: nickname, the account our rewards go to, our hash rate. */
  announce(): void {
    const key = this.rewardKey();
    this.state.ownKey = key ? toHex(key) : null;
    this.state.ownHashRate = Math.min(0xffffffff, Math.round(this.mining.stats?.running ? this.mining.stats.totalHashesPerSec : 0));
    this.browserNode.node.setProfile({ type: 'profile', nickname: this.state.nickname, rewardKey: key ?? new Uint8Array(32), hashRate: this.state.ownHashRate });
  }

  private rewardKey(): Uint8Array | null {
    for (const address of [this.mining.recipient, this.wallet.address]) {
      try {
        if (address) return decodeAddress(this.browserNode.params.hrp, address);
      } catch {
        // Not an address of this network: try the next.
      }
    }
    return null;
  }

  private async scan(): Promise<void> {
    const { chain } = this.browserNode.node;
    const tip = chain.height;
    for (let h = Math.max(1, tip - SCAN_BLOCKS + 1); h <= tip; h++) {
      if (h > chain.height) break;
      const entry = chain.entryAt(h);
      const block = await chain.loadBlock(entry).catch(() => null);
      if (block) this.count(block, 1);
    }
  }

  private count(block: Block, delta: number): void {
    const coinbase = block.txs[0];
    if (!coinbase) return;
    const key = toHex(coinbase.recipient);
    this.state.blocksByKey = { ...this.state.blocksByKey, [key]: Math.max(0, (this.state.blocksByKey[key] ?? 0) + delta) };
  }

  /** "Ana found block 41", "Ben sent you 2 coins". */
  private onBlock(height: number, hashHex: string, block: Block, delta: number): void {
    this.count(block, delta);
    const lines: Array<{ text: string; href: string }> = [];
    for (const tx of block.txs) {
      if (tx.kind === TX_KIND_COINBASE) {
        const who = this.who(tx.recipient);
        lines.push({ text: who === null ? t('class.foundSelf', { height }) : t('class.found', { who, height }), href: `#/block/${hashHex}` });
      }
      else lines.push({ text: this.transferLine(tx), href: `#/block/${hashHex}` });
    }
    const at = Date.now();
    const entries = lines.map((l) => ({ id: this.nextId++, at, ...l }));
    this.state.feed = [...entries.reverse(), ...this.state.feed].slice(0, FEED_LENGTH);
  }

  private transferLine(tx: Extract<Tx, { sender: Uint8Array }>): string {
    // The plural form follows the amount in coins (1 coin, 1.5 coins); "you" changes the sentence.
    const amount = { amount: formatCoins(tx.amount), count: Number(tx.amount) / Number(COIN) };
    const who = this.who(tx.sender);
    const to = this.who(tx.recipient);
    if (who === null) return t('class.sentSelf', { to: to ?? t('class.yourself'), ...amount });
    if (to === null) return t('class.sentYou', { who, ...amount });
    return t('class.sent', { who, to, ...amount });
  }

  /**
   * A nickname from the peers' profiles, "you", or a short address. Any peer can claim any reward
   * account, so a claim disputed by another peer, or a nickname posing as "you", shows the address.
   * Null means this tab's own account: each language words "you" in the sentence itself.
   */
  private who(key: Uint8Array): string | null {
    const hex = toHex(key);
    if (hex === this.state.ownKey) return null;
    const names = new Set(this.browserNode.node.peerList().flatMap((p) => (p.profile?.rewardKeyHex === hex && p.profile.nickname ? [p.profile.nickname] : [])));
    const [name] = names;
    if (names.size === 1 && name && name.toLowerCase() !== 'you') return name;
    const address = encodeAddress(this.browserNode.params.hrp, fromHex(hex));
    return `${address.slice(0, 12)}…`;
  }
}
