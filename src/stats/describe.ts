/**
 * Descriptive statistics for the terminal table and the report: a thin, validated wrapper over
 * simple-statistics so every caller gets the same definitions (sample sd with n − 1; median as
 * the type-7 0.5 quantile; CV = sd / mean).
 */
import { max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';
import { assertSample } from './validate.js';

export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n − 1); NaN when n < 2, where it is undefined. */
  sd: number;
  /** Coefficient of variation sd / mean; NaN when n < 2 or the mean is 0. */
  cv: number;
}

export function describe(values: readonly number[]): Summary {
  assertSample('values', values);
  const x = [...values];
  const m = mean(x);
  const sd = x.length < 2 ? NaN : sampleStandardDeviation(x);
  return {
    n: x.length,
    min: min(x),
    max: max(x),
    mean: m,
    median: median(x),
    sd,
    cv: m === 0 ? NaN : sd / m,
  };
}
