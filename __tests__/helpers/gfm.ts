/**
 * Markdown as GitHub shows it: cmark-gfm, GitHub's own implementation, with its extensions.
 * --unsafe keeps the <details> folds, as GitHub does (its sanitiser allows them).
 */
import { execFileSync } from 'node:child_process';

export function renderGfm(md: string): string {
  return execFileSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'autolink', '-e', 'table', '-e', 'strikethrough', '-e', 'tagfilter'],
    { input: md, encoding: 'utf8' },
  );
}

/** What the reader sees: the text of the HTML, tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * What issue 20 found wrong in rendered reports, in the visible text: markdown that was not
 * parsed as a link (inside an HTML block such as <summary>) shows as `](`; a number in
 * e-notation (toPrecision's exponent always has a sign: 3.7e-15, 1e+21; commit hashes have none).
 */
export function readingFaults(text: string): string[] {
  const faults: string[] = [];
  for (const m of text.matchAll(/.{0,40}\]\(.{0,40}/g)) faults.push(`raw markdown link: ${m[0]}`);
  for (const m of text.matchAll(/.{0,20}\d(?:\.\d+)?e[-+]\d+.{0,20}/gi)) faults.push(`exponent: ${m[0]}`);
  return faults;
}
