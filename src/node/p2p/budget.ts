// A token bucket: a peer may send `rate` units per second, in bursts of up to `burst`.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes `cost` tokens; false when the peer has exceeded its budget. */
  take(cost: number, now: number): boolean {
    this.refill(now);
    this.tokens -= cost;
    return this.tokens >= 0;
  }

  /** Milliseconds until the bucket is out of debt (0: now). For pacing our own sends. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}

/** One token bucket per peer, made on first use and forgotten with the peer. */
export class PeerBudgets<Peer extends object> {
  private readonly buckets = new WeakMap<Peer, TokenBucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  take(peer: Peer, cost: number, now: number): boolean {
    let bucket = this.buckets.get(peer);
    if (!bucket) this.buckets.set(peer, (bucket = new TokenBucket(this.rate, this.burst, now)));
    return bucket.take(cost, now);
  }
}
