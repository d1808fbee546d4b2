/**
 * Reading what a harness managed to write before it died. Google Benchmark streams its JSON
 * one benchmark object at a time, so a crash leaves a prefix such as
 *   "benchmarks": [ {...}, {...}, {"name": "BM_Sized/512", ...
 * JSON.parse rejects the whole text; this scanner keeps every complete element of the array.
 */

export interface Salvaged {
  /** Complete elements of the array, parsed. */
  items: unknown[];
  /** Offset in the text where each item starts (to name its line). */
  starts: number[];
  /** Whether the array (or the document around it) was cut off. */
  truncated: boolean;
  /** Whether the key was found at all. */
  found: boolean;
}

/** Complete elements of the array under `"key": [` in a possibly truncated JSON text. */
export function salvageArray(text: string, key: string): Salvaged {
  const m = new RegExp(`"${key}"\\s*:\\s*\\[`).exec(text);
  if (!m) return { items: [], starts: [], truncated: true, found: false };
  return arrayFrom(text, m.index + m[0].length);
}

/** Complete elements of the array whose `[` is just before `from`. */
export function arrayFrom(text: string, from: number): Salvaged {
  const items: unknown[] = [];
  const starts: number[] = [];
  let i = from;
  let depth = 0;
  let start = -1;
  let inString = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      if (depth === 0 && start < 0) start = i;
    } else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      if (depth === 0) return { items, starts, truncated: false, found: true };
      depth--;
      if (depth === 0) {
        try {
          items.push(JSON.parse(text.slice(start, i + 1)));
          starts.push(start);
        } catch {
          return { items, starts, truncated: true, found: true };
        }
        start = -1;
      }
    }
  }
  return { items, starts, truncated: true, found: true };
}

/** JSON.parse, or null when the text is not (complete) JSON. */
export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
