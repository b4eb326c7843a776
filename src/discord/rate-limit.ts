/** A sliding-window limit per key (user): at most `limit` uses per `windowMs`. */
export class RateLimiter {
  readonly #uses = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => Date,
  ) {}

  /** Records a use and returns 0, or returns how many milliseconds until the key may try again. */
  take(key: string): number {
    const now = this.clock().getTime();
    const recent = (this.#uses.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.#uses.set(key, recent);
      return this.windowMs - (now - (recent[0] ?? now));
    }
    recent.push(now);
    this.#uses.set(key, recent);
    if (this.#uses.size > 10_000) this.#prune(now);
    return 0;
  }

  #prune(now: number): void {
    for (const [key, uses] of this.#uses) if (uses.every((at) => now - at >= this.windowMs)) this.#uses.delete(key);
  }
}
