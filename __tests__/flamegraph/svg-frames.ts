/** Reads the frames back out of a generated SVG, for assertions on titles, fills and geometry. */
import { decodeXml } from './xml-wellformed.js';

export interface SvgFrame {
  title: string;
  name: string;
  x: number;
  y: number;
  width: number;
  fill: string;
  start: number;
  samples: number;
  label: string | undefined;
}

const FRAME =
  /<g><title>([^<]*)<\/title><rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="[^"]+" fill="([^"]+)" rx="2" ry="2" data-s="([^"]+)" data-n="([^"]+)"\/>(?:<text x="[^"]+" y="[^"]+">([^<]*)<\/text>)?<\/g>/g;

export function svgFrames(svg: string): SvgFrame[] {
  const out: SvgFrame[] = [];
  for (const m of svg.matchAll(FRAME)) {
    const title = decodeXml(m[1]!);
    out.push({
      title,
      name: title.replace(/ \([^()]*\)$/, ''),
      x: Number(m[2]),
      y: Number(m[3]),
      width: Number(m[4]),
      fill: m[5]!,
      start: Number(m[6]),
      samples: Number(m[7]),
      label: m[8] === undefined ? undefined : decodeXml(m[8]),
    });
  }
  return out;
}

export function frameNamed(svg: string, name: string): SvgFrame[] {
  return svgFrames(svg).filter((f) => f.name === name);
}

/** "rgb(255,10,10)" → [255, 10, 10]. */
export function rgbOf(fill: string): [number, number, number] {
  const m = /^rgb\((\d+),(\d+),(\d+)\)$/.exec(fill);
  if (!m) throw new Error(`not an rgb() fill: ${fill}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The decoded text of the element with this id (title, subtitle, caption), or undefined. */
export function svgText(svg: string, id: string): string | undefined {
  const m = new RegExp(`<text id="${id}"[^>]*>([^<]*)</text>`).exec(svg);
  return m ? decodeXml(m[1]!) : undefined;
}
