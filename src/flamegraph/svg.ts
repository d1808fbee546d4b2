/**
 * Folded stacks → a self-contained interactive flame graph SVG, in the manner of
 * flamegraph.pl: same geometry and palettes, click to zoom, reset, Ctrl-F/regex search with
 * "Matched: X%", `name (N samples, P%)` tooltips, --minwidth pruning, label truncation with
 * "..", --inverted icicle graphs.
 *
 * Hand-written because no npm package renders flamegraph.pl-style SVG from folded stacks
 * without a browser or a framework; the CI needs a file that a PR reader can open anywhere.
 *
 * Output is a pure function of input and options (colours hash the frame name, nothing is
 * random or time-stamped), so the same profile always gives byte-identical SVG. For speed the
 * tree is built once (tree.ts), pruned frames are never visited, and the document is written as
 * one array of string pieces joined at the end.
 */
import { InputError } from '../errors.js';
import type { FoldedProfile } from './folded.js';
import { background, frameColor, type Palette } from './palette.js';
import { embeddedScript, type ScriptConfig } from './script.js';
import { layoutStacks, totalSamples, type Frame, type Layout } from './layout.js';
import { escapeXml } from './xml.js';

export interface FlameGraphOptions {
  title?: string;
  subtitle?: string;
  /** Image width in pixels (flamegraph.pl --width). */
  width?: number;
  /** Frame height in pixels (flamegraph.pl --height). */
  frameHeight?: number;
  fontSize?: number;
  /** Average glyph width as a fraction of the font size, for label truncation. */
  fontWidth?: number;
  fontType?: string;
  /** Frames narrower than this many pixels are left out (flamegraph.pl --minwidth). */
  minWidth?: number;
  colors?: Palette;
  /** Icicle graph: root at the top. */
  inverted?: boolean;
  countName?: string;
  nameType?: string;
  searchColor?: string;
  /**
   * A static picture for an `<img>` (the PR comment): no script, no event handlers, no zoom or
   * search controls. GitHub's image proxy and `<img>` never run an SVG's script, and a
   * "Search" button that does nothing would mislead; the interactive SVG stays in the artifact.
   */
  static?: boolean;
  /** Static only: a line of text at the bottom, where the interactive graph shows details. */
  caption?: string;
}

/** Hooks a differential render uses to colour frames and extend their tooltips. */
export interface FrameStyle {
  fill(frame: Frame): string;
  /** Appended inside the tooltip's parentheses, e.g. "; self +1.23 pp". */
  titleSuffix?(frame: Frame): string;
  background?: [string, string];
}

export const DEFAULTS = {
  title: 'Flame Graph',
  width: 1200,
  frameHeight: 16,
  fontSize: 12,
  fontWidth: 0.59,
  fontType: 'Verdana, sans-serif',
  minWidth: 0.1,
  colors: 'hot' as Palette,
  countName: 'samples',
  nameType: 'Function:',
  searchColor: 'rgb(230,0,230)',
} as const;

const XPAD = 10;
const FRAME_PAD = 1;

/** "1234567" → "1,234,567"; fractional counts (normalised profiles) keep two decimals. */
export function formatSamples(n: number): string {
  // Hand-rolled: toLocaleString goes through Intl and costs microseconds per frame.
  const neg = n < 0;
  const fixed = Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(2);
  const dot = fixed.indexOf('.');
  const int = dot === -1 ? fixed : fixed.slice(0, dot);
  if (int.length <= 3 || int.includes('e')) return neg ? `-${fixed}` : fixed;
  let grouped = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) grouped += ',';
    grouped += int[i];
  }
  return (neg ? '-' : '') + grouped + (dot === -1 ? '' : fixed.slice(dot));
}

/** flamegraph.pl's label: as many characters as fit, ".." when cut, annotations dropped. */
export function frameLabel(name: string, widthPx: number, fontSize: number, fontWidth: number): string {
  const chars = Math.floor(widthPx / (fontSize * fontWidth));
  if (chars < 3) return '';
  const n = name.replace(/_\[[kwij]\]$/, '');
  let t = n.substring(0, chars);
  if (chars < n.length) t = t.substring(0, chars - 2) + '..';
  return t;
}

/** The drawable width: the image width less the side margins. */
function plotWidth(options: FlameGraphOptions): number {
  const imageWidth = options.width ?? DEFAULTS.width;
  if (!(imageWidth > 2 * XPAD)) throw new InputError(`width ${imageWidth}: must be more than ${2 * XPAD} pixels`);
  return imageWidth - 2 * XPAD;
}

/** --minwidth (pixels) as a number of samples, for a profile of `total` samples. */
export function minSamplesFor(options: FlameGraphOptions, total: number): number {
  const minWidth = options.minWidth ?? DEFAULTS.minWidth;
  return total > 0 ? (minWidth * total) / plotWidth(options) : 0;
}

/** Renders laid-out frames (layout.ts). The layout's total sets the scale. */
export function renderLayout(layout: Layout, options: FlameGraphOptions = {}, style?: FrameStyle): string {
  const title = options.title ?? DEFAULTS.title;
  const imageWidth = options.width ?? DEFAULTS.width;
  const frameHeight = options.frameHeight ?? DEFAULTS.frameHeight;
  const fontSize = options.fontSize ?? DEFAULTS.fontSize;
  const fontWidth = options.fontWidth ?? DEFAULTS.fontWidth;
  const fontType = options.fontType ?? DEFAULTS.fontType;
  const palette = options.colors ?? DEFAULTS.colors;
  const inverted = options.inverted === true;
  const countName = options.countName ?? DEFAULTS.countName;
  const nameType = options.nameType ?? DEFAULTS.nameType;
  const searchColor = options.searchColor ?? DEFAULTS.searchColor;
  const isStatic = options.static === true;

  const total = layout.total;
  const widthPerSample = total > 0 ? plotWidth(options) / total : 0;
  const ypad1 = fontSize * 3;
  const ypad2 = fontSize * 2 + 10;
  const ypad3 = options.subtitle ? fontSize * 2 : 0;
  const drawn = layout.frames;
  const depthMax = layout.depthMax;

  const imageHeight = (depthMax + 1) * frameHeight + ypad1 + ypad2 + ypad3;
  const [bg1, bg2] = style?.background ?? background(palette);
  const config: ScriptConfig = {
    width: imageWidth,
    xpad: XPAD,
    total,
    fontSize,
    fontWidth,
    frameHeight,
    framePad: FRAME_PAD,
    imageHeight,
    ypad1: ypad1 + ypad3,
    ypad2,
    inverted,
    nameType,
    searchColor,
  };

  const out: string[] = [];
  out.push(
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
    `<svg version="1.1" width="${imageWidth}" height="${imageHeight}"${isStatic ? '' : ' onload="fgInit(evt)"'} viewBox="0 0 ${imageWidth} ${imageHeight}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n`,
    isStatic
      ? '<!-- Flame graph by perfgate (static: no script; the interactive SVG is in the report artifact). -->\n'
      : '<!-- Flame graph by perfgate. Click a frame to zoom, Ctrl-F or "Search" to highlight frames matching a regular expression. -->\n',
    `<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0"><stop stop-color="${bg1}" offset="5%"/><stop stop-color="${bg2}" offset="95%"/></linearGradient></defs>\n`,
    `<style type="text/css">\n`,
    `text { font-family: ${escapeXml(fontType)}; font-size: ${fontSize}px; fill: rgb(0,0,0); }\n`,
    `#title { text-anchor: middle; font-size: ${fontSize + 5}px; }\n`,
    `#subtitle { text-anchor: middle; fill: rgb(64,64,64); }\n`,
  );
  if (!isStatic) {
    out.push(
      '#search, #unzoom { cursor: pointer; opacity: 0.6; }\n',
      '#search:hover, #unzoom:hover { opacity: 1; }\n',
      '#frames > g { cursor: pointer; }\n',
      '#frames > g:hover > rect { stroke: rgb(0,0,0); stroke-width: 0.5; }\n',
      '.hide { display: none; }\n',
      '.parent { opacity: 0.5; }\n',
    );
  }
  out.push('</style>\n');
  if (!isStatic)
    out.push(
      `<script type="text/ecmascript"><![CDATA[${embeddedScript(config).replace(/]]>/g, ']]]]><![CDATA[>')}]]></script>\n`,
    );
  out.push(
    `<rect x="0" y="0" width="${imageWidth}" height="${imageHeight}" fill="url(#background)"/>\n`,
    `<text id="title" x="${(imageWidth / 2).toFixed(2)}" y="${fontSize * 2}">${escapeXml(title)}</text>\n`,
  );
  if (options.subtitle) {
    out.push(
      `<text id="subtitle" x="${(imageWidth / 2).toFixed(2)}" y="${fontSize * 4}">${escapeXml(options.subtitle)}</text>\n`,
    );
  }
  if (isStatic) {
    if (options.caption)
      out.push(`<text id="caption" x="${XPAD}" y="${imageHeight - ypad2 / 2}">${escapeXml(options.caption)}</text>\n`);
  } else {
    out.push(
      `<text id="details" x="${XPAD}" y="${imageHeight - ypad2 / 2}"> </text>\n`,
      `<text id="unzoom" class="hide" x="${XPAD}" y="${fontSize * 2}">Reset Zoom</text>\n`,
      `<text id="search" x="${imageWidth - XPAD - 100}" y="${fontSize * 2}">Search</text>\n`,
      `<text id="matched" x="${imageWidth - XPAD - 100}" y="${imageHeight - ypad2 / 2}"> </text>\n`,
    );
  }
  out.push('<g id="frames">\n');

  const rectHeight = (frameHeight - FRAME_PAD).toFixed(1);
  const colorCache = new Map<string, string>();
  for (let i = 0; i < drawn.length; i++) {
    const node = drawn[i]!;
    const s = node.start;
    const x1 = XPAD + s * widthPerSample;
    const x2 = XPAD + (s + node.value) * widthPerSample;
    const d = node.depth;
    const y1 = inverted ? ypad1 + ypad3 + d * frameHeight : imageHeight - ypad2 - (d + 1) * frameHeight + FRAME_PAD;
    const y2 = y1 + frameHeight - FRAME_PAD;
    const isRoot = d === 0;
    const pct = isRoot ? '100' : ((100 * node.value) / total).toFixed(2);
    const name = escapeXml(node.name);
    const suffix = style?.titleSuffix ? style.titleSuffix(node) : '';
    let fill: string;
    if (style) {
      fill = style.fill(node);
    } else {
      const cached = colorCache.get(node.name);
      fill = cached ?? frameColor(palette, node.name);
      if (cached === undefined) colorCache.set(node.name, fill);
    }
    out.push(
      '<g><title>',
      name,
      ' (',
      formatSamples(node.value),
      ' ',
      countName,
      ', ',
      pct,
      '%',
      suffix,
      ')</title><rect x="',
      x1.toFixed(1),
      '" y="',
      y1.toFixed(1),
      '" width="',
      (x2 - x1).toFixed(1),
      '" height="',
      rectHeight,
      '" fill="',
      fill,
      '" rx="2" ry="2" data-s="',
      String(s),
      '" data-n="',
      String(node.value),
      '"/>',
    );
    const label = frameLabel(node.name, x2 - x1, fontSize, fontWidth);
    if (label !== '') {
      out.push(
        '<text x="',
        (x1 + 3).toFixed(2),
        '" y="',
        (3 + (y1 + y2) / 2).toFixed(2),
        '">',
        escapeXml(label),
        '</text>',
      );
    }
    out.push('</g>\n');
  }
  if (total === 0) {
    out.push(
      `<text x="${(imageWidth / 2).toFixed(2)}" y="${ypad1 + frameHeight}" text-anchor="middle">No samples</text>\n`,
    );
  }
  out.push('</g>\n</svg>\n');
  return out.join('');
}

/** Folded stacks (a profile, or a plain stack → count map) → SVG. */
export function renderFlameGraph(input: FoldedProfile | Map<string, number>, options: FlameGraphOptions = {}): string {
  const stacks = input instanceof Map ? input : input.stacks;
  const layout = layoutStacks(stacks, undefined, { minSamples: minSamplesFor(options, totalSamples(stacks)) });
  return renderLayout(layout, options);
}
