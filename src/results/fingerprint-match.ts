/** Whether two results documents were measured on machines that may be compared. */
import type { Fingerprint } from './results-doc.js';

export interface FingerprintMismatch {
  key: string;
  base: string;
  head: string;
}

/**
 * Hard keys whose values differ, sorted by key; a key only one side has counts as a mismatch
 * (value `(absent)`), because "not recorded" cannot be shown to match. Empty = comparable.
 * Binary hashes are deliberately not compared: base and head of a pull request are expected
 * to differ there.
 */
export function compareFingerprints(base: Fingerprint, head: Fingerprint): FingerprintMismatch[] {
  const keys = [...new Set([...Object.keys(base.hard), ...Object.keys(head.hard)])].sort();
  return keys
    .map((key) => ({ key, base: base.hard[key] ?? '(absent)', head: head.hard[key] ?? '(absent)' }))
    .filter((m) => m.base !== m.head);
}
