// A full audit of a stored chain: replay every block of the stored best chain from genesis on a
// fresh in-memory chain and compare tip and account state with what the store holds. Used after
// crashes in tests, and by the node on demand.
// Reading path: stop 6, the chain and reorgs (src/core/READING.md).
import { toHex } from '../encoding/bytes';
import type { NetworkParams } from '../protocol/networks';
import { Chain } from './chain';
import { MemoryChainStore, type ChainStore } from './store';
import { encodeAccount } from '../state/account';

export interface ConsistencyReport {
  ok: boolean;
  height: number;
  tip: string;
  problems: string[];
}

export async function checkConsistency(params: NetworkParams, store: ChainStore, now: () => number): Promise<ConsistencyReport> {
  const loaded = await store.load();
  if (!loaded) return { ok: true, height: -1, tip: '', problems: [] };
  const problems: string[] = [];
  const replay = await Chain.open(params, new MemoryChainStore(), { now });
  if (loaded.bestChain[0] !== toHex(params.genesisHash)) problems.push('best chain does not start at genesis');
  for (let h = 1; h < loaded.bestChain.length && problems.length === 0; h++) {
    const hashHex = loaded.bestChain[h] as string;
    const bytes = await store.getBlock(hashHex);
    if (!bytes) {
      problems.push(`block ${hashHex} at height ${h} is missing`);
      break;
    }
    try {
      await replay.submitBlock(bytes);
    } catch (error) {
      problems.push(`block at height ${h} does not replay: ${(error as Error).message}`);
    }
    if (replay.tip.hashHex !== hashHex) problems.push(`replay diverged at height ${h}`);
    if (!(await store.getUndo(hashHex))) problems.push(`undo data of height ${h} is missing`);
  }
  if (loaded.tip !== loaded.bestChain[loaded.bestChain.length - 1]) problems.push('tip is not the end of the best chain');
  const stored = new Map(loaded.accounts.map((a) => [a.keyHex, toHex(encodeAccount(a.account))]));
  const replayed = new Map([...replay.accounts].map(([k, a]) => [k, toHex(encodeAccount(a))]));
  if (stored.size !== replayed.size) problems.push(`stored ${stored.size} accounts, replay has ${replayed.size}`);
  for (const [k, v] of replayed) if (stored.get(k) !== v) problems.push(`account ${k.slice(0, 12)}… differs from the replay`);
  return { ok: problems.length === 0, height: loaded.bestChain.length - 1, tip: loaded.tip, problems: problems.slice(0, 10) };
}
