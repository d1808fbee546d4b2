/**
 * Input checks shared by the statistics functions. A NaN that slips into a rank test or a
 * bootstrap does not fail loudly — it silently poisons sorting and comparisons — so every
 * public entry point validates its samples up front and throws a RangeError naming the input.
 */

/** Throws unless `values` is a non-empty array of finite numbers. */
export function assertSample(name: string, values: readonly number[]): void {
  if (values.length === 0) {
    throw new RangeError(`${name}: expected at least one value, got an empty array`);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}] is ${String(v)}; expected a finite number`);
    }
  });
}

/** As {@link assertSample}, and every value must be > 0 because its logarithm will be taken. */
export function assertPositiveSample(name: string, values: readonly number[]): void {
  assertSample(name, values);
  values.forEach((v, i) => {
    if (v <= 0) {
      throw new RangeError(`${name}[${i}] = ${v} is not positive; logarithms need values > 0`);
    }
  });
}

/** Throws unless 0 < level < 1. */
export function assertConfLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be strictly between 0 and 1, got ${level}`);
  }
}

/** Throws unless 0 <= p <= 1. */
export function assertProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
  }
}

/** Throws unless `n` is an integer >= `min`. */
export function assertInteger(name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`);
  }
}
