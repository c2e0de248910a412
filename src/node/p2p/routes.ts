// Outbound slots shared out by the route a peer was found by. A stranger can flood some routes
// (register many ids at the signaling server, send `addr`), but not all of them at once: anchors
// are peers we chose and kept, rendezvous ids are held by whoever came first, and the addrman
// keeps each source to its share. So each route gets its own slots, and none can take them all.
// Bitcoin Core's counterpart: anchors, block-relay-only and full-relay slots, feelers.
import { toHex } from '../../core/encoding/bytes';
import type { NetworkParams } from '../../core/protocol/networks';

export type Route = 'anchor' | 'rendezvous' | 'signaling' | 'addr';

/** Outbound peers remembered across restarts and dialled first (Bitcoin keeps 2 in anchors.dat). */
export const MAX_ANCHORS = 2;
/** Slots reserved per route (their sum is the outbound target, TARGET_OUTBOUND). */
export const ROUTE_SLOTS: Record<Route, number> = { anchor: MAX_ANCHORS, rendezvous: 2, signaling: 2, addr: 2 };
/** Who gets the slots a route cannot fill: known peers (the addrman) first. */
export const FILL_ORDER: Route[] = ['addr', 'rendezvous', 'signaling'];

/** PeerJS accepts an id of alphanumerics joined by single `-` or `_` (its util.validateId), and a
 * class round's network name has a dot ("bio.2"). Anything else becomes `_`, runs of separators
 * one, none at the ends; the genesis hash beside it keeps two networks' ids apart. */
export const peerJsIdPart = (text: string) =>
  text.replace(/[^A-Za-z0-9_-]/g, '_').replace(/([-_])[-_]+/g, '$1').replace(/^[-_]+|[-_]+$/g, '');

/** The well-known ids a network's nodes meet at (the rendezvous route), slot k. */
export const rendezvousId = (params: NetworkParams, k: number) =>
  `simplecoin-${peerJsIdPart(params.name)}-${toHex(params.genesisHash).slice(0, 8)}-rv${k}`;

/** A random choice of k items, so the network becomes a random graph rather than a chain of neighbours. */
export function sample(random: (n: number) => Uint8Array, items: string[], k: number): string[] {
  const a = [...items];
  const n = Math.min(k, a.length);
  const r = random(4 * n);
  for (let i = 0; i < n; i++) {
    const j = i + (((r[4 * i]! << 24) | (r[4 * i + 1]! << 16) | (r[4 * i + 2]! << 8) | r[4 * i + 3]!) >>> 0) % (a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/** Gives the next candidate of a route that passes `usable`, or null when the route has none. */
export type RoutePicker = (usable: (id: string) => boolean) => string | null;

/**
 * Which ids to dial, and by which route: first each route up to its reserved slots (counting the
 * outbound peers and dials it already has), then from any route in FILL_ORDER.
 */
export function planDials(want: number, counts: Record<Route, number>, dialable: (id: string) => boolean, pick: Record<Route, RoutePicker>): [string, Route][] {
  const have = { ...counts };
  const plan: [string, Route][] = [];
  const planned = new Set<string>();
  const usable = (id: string) => !planned.has(id) && dialable(id);
  const take = (route: Route): boolean => {
    let id = pick[route](usable);
    // Anchors come from a fixed list: skip the ones we cannot dial now (a bounded number of times).
    for (let skipped = 0; id !== null && !usable(id); skipped++) id = skipped < 16 ? pick[route](usable) : null;
    if (id === null) return false;
    plan.push([id, route]);
    planned.add(id);
    have[route]++;
    return true;
  };
  for (const route of Object.keys(ROUTE_SLOTS) as Route[]) {
    while (plan.length < want && have[route] < ROUTE_SLOTS[route] && take(route));
  }
  for (const route of FILL_ORDER) while (plan.length < want && take(route));
  return plan;
}
