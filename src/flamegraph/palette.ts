/**
 * Frame colours. The families follow flamegraph.pl's palettes (so graphs look familiar), but
 * the choice inside a family is always a hash of the frame name, never random: the same
 * function gets the same colour in every graph and every run, which keeps CI output
 * byte-for-byte reproducible and lets readers compare two graphs by eye.
 */

export const PALETTES = [
  'hot',
  'mem',
  'io',
  'java',
  'js',
  'perl',
  'red',
  'green',
  'blue',
  'aqua',
  'yellow',
  'purple',
  'orange',
] as const;
export type Palette = (typeof PALETTES)[number];

export function isPalette(name: string): name is Palette {
  return (PALETTES as readonly string[]).includes(name);
}

/**
 * A number in [0, 1] from a name, weighting early characters most (flamegraph.pl's namehash),
 * so names sharing a prefix get similar colours. A "module`" prefix (DTrace) is ignored.
 */
export function nameHash(input: string): number {
  let name = input;
  const tick = name.indexOf('`', 1);
  if (tick !== -1) name = name.slice(tick + 1);
  let vector = 0;
  let weight = 1;
  let max = 1;
  let mod = 10;
  for (let i = 0; i < name.length; i++) {
    const v = name.charCodeAt(i) % mod;
    vector += (v / (mod++ - 1)) * weight;
    max += weight;
    weight *= 0.7;
    if (mod > 12) break;
  }
  return 1 - vector / max;
}

function reverse(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

type Family = 'red' | 'green' | 'blue' | 'aqua' | 'yellow' | 'purple' | 'orange';

/** Which colour family a frame belongs to for the multi-family palettes. */
function family(palette: Palette, name: string): Family | undefined {
  switch (palette) {
    case 'java':
      // Annotations from collapse --jit/--all are exact; otherwise guess from the name.
      if (name.endsWith('_[j]')) return 'green';
      if (name.endsWith('_[i]')) return 'aqua';
      if (/^L?(java|javax|jdk|net|org|com|io|sun)\//.test(name)) return 'green';
      if (name.includes(':::')) return 'green';
      if (name.includes('::')) return 'yellow';
      if (name.endsWith('_[k]')) return 'orange';
      return 'red';
    case 'js':
      if (name.endsWith('_[j]')) return name.includes('/') ? 'green' : 'aqua';
      if (name.includes('::')) return 'yellow';
      if (/\/.*\.js/.test(name)) return 'green';
      if (name.includes(':')) return 'aqua';
      if (name === ' ') return 'green';
      if (name.includes('_[k]')) return 'orange';
      return 'red';
    case 'perl':
      if (name.includes('::')) return 'yellow';
      if (name.includes('Perl') || name.includes('.pl')) return 'green';
      if (name.endsWith('_[k]')) return 'orange';
      return 'red';
    case 'red':
    case 'green':
    case 'blue':
    case 'aqua':
    case 'yellow':
    case 'purple':
    case 'orange':
      return palette;
    default:
      return undefined;
  }
}

function rgb(r: number, g: number, b: number): string {
  return `rgb(${r},${g},${b})`;
}

/** The fill of a frame: deterministic in (palette, name). */
export function frameColor(palette: Palette, name: string): string {
  const v1 = nameHash(name);
  const v2 = nameHash(reverse(name));
  const v3 = v2;
  switch (palette) {
    case 'hot':
      return rgb(205 + Math.trunc(50 * v3), Math.trunc(230 * v1), Math.trunc(55 * v2));
    case 'mem':
      return rgb(0, 190 + Math.trunc(50 * v2), Math.trunc(210 * v1));
    case 'io': {
      const r = 80 + Math.trunc(60 * v1);
      return rgb(r, r, 190 + Math.trunc(55 * v2));
    }
    default:
      break;
  }
  switch (family(palette, name)) {
    case 'red': {
      const x = 50 + Math.trunc(80 * v1);
      return rgb(200 + Math.trunc(55 * v1), x, x);
    }
    case 'green': {
      const x = 50 + Math.trunc(60 * v1);
      return rgb(x, 200 + Math.trunc(55 * v1), x);
    }
    case 'blue': {
      const x = 80 + Math.trunc(60 * v1);
      return rgb(x, x, 205 + Math.trunc(50 * v1));
    }
    case 'aqua':
      return rgb(50 + Math.trunc(60 * v1), 165 + Math.trunc(55 * v1), 165 + Math.trunc(55 * v1));
    case 'yellow': {
      const x = 175 + Math.trunc(55 * v1);
      return rgb(x, x, 50 + Math.trunc(20 * v1));
    }
    case 'purple': {
      const x = 190 + Math.trunc(65 * v1);
      return rgb(x, 80 + Math.trunc(60 * v1), x);
    }
    case 'orange':
      return rgb(190 + Math.trunc(65 * v1), 90 + Math.trunc(65 * v1), 0);
    default:
      return rgb(0, 0, 0);
  }
}

/**
 * How sure a frame's change is: its interval excludes zero, includes it, or there is none (one
 * profile per side, e.g. `perfgate diff` of two folded files).
 */
export type ChangeCertainty = 'excludes-zero' | 'includes-zero' | 'no-interval';

/** Grey of a frame whose change may be nothing; a changed-looking tint stays under 10% saturation. */
const UNSURE_GREY = 212;
const UNSURE_TINT = 22;
/** A sure change is never paler than this (0..1), so it reads as a change beside the greys. */
const SURE_FLOOR = 0.2;

/**
 * Differential fill: red when the frame's own time grew, blue when it shrank.
 * - excludes-zero: from 20% strength (a pale but plain tint, clear of the greys) up to full at
 *   |delta| = scale, so a small sure change does not shout beside the one that matters.
 * - includes-zero: grey, at most a faint tint toward red or blue: the table calls it noise.
 * - no-interval: flamegraph.pl's color_scale (white to full ∝ |delta| / scale), no rule to apply.
 */
export function diffColor(delta: number, scale: number, certainty: ChangeCertainty = 'no-interval'): string {
  const v = scale > 0 && Number.isFinite(delta) ? Math.min(1, Math.abs(delta) / scale) : 0;
  if (!(v > 0)) return certainty === 'no-interval' ? rgb(255, 255, 255) : rgb(UNSURE_GREY, UNSURE_GREY, UNSURE_GREY);
  const up = delta > 0;
  if (certainty === 'includes-zero') {
    const t = Math.round(UNSURE_TINT * v);
    return up ? rgb(UNSURE_GREY + t, UNSURE_GREY, UNSURE_GREY) : rgb(UNSURE_GREY, UNSURE_GREY, UNSURE_GREY + t);
  }
  const strength = certainty === 'excludes-zero' ? SURE_FLOOR + (1 - SURE_FLOOR) * v : v;
  const c = Math.round(210 * (1 - strength));
  return up ? rgb(255, c, c) : rgb(c, c, 255);
}

/** The background gradient (top, bottom) that goes with a palette, as in flamegraph.pl. */
export function background(palette: Palette | 'diff'): [string, string] {
  switch (palette) {
    case 'mem':
      return ['#eeeeee', '#e0e0ff'];
    case 'io':
    case 'blue':
    case 'aqua':
    case 'diff':
      return ['#f8f8f8', '#e8e8e8'];
    default:
      return ['#eeeeee', '#eeeeb0'];
  }
}
