// Discord snowflakes: milliseconds since the Discord epoch in the top 42 bits, then worker/process/increment bits.
// Ids made here grow strictly, so sorting messages by id sorts them by creation, as `before`/`after` need.

const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeFactory {
  #lastMs = 0n;
  #increment = 0n;

  next(at: number = Date.now()): string {
    let ms = BigInt(at);
    if (ms <= this.#lastMs) {
      ms = this.#lastMs;
      this.#increment += 1n;
      if (this.#increment > 4095n) {
        ms += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastMs = ms;
    return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.#increment).toString();
  }
}

/** Milliseconds since the Unix epoch at which a snowflake was made. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
