/**
 * A small document model (headings, paragraphs, lists, tables, figures, notes) with two
 * serialisers: GitHub markdown and a self-contained HTML page. The investigation report is
 * built once as blocks, so its markdown and HTML say the same things in the same order.
 * Every string is text, never markup: each serialiser escapes it for its own format, so a
 * benchmark or frame name cannot inject anything into either.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, escapeMarkdown } from './escape.js';

/** Inline text: plain, bold, or code (frame names, commits). */
export type Span = string | { bold: string } | { code: string };
export type Text = Span | Span[];

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: Text }
  | { kind: 'list'; items: Text[] }
  | { kind: 'table'; head: string[]; rows: Text[][]; align?: ('l' | 'r')[] }
  | { kind: 'note'; text: Text }
  /** `svg`: the interactive picture (HTML embeds it in a frame where its script runs); `href`: the file markdown links. */
  | { kind: 'figure'; caption: string; svg: string; href: string };

const spans = (t: Text): Span[] => (Array.isArray(t) ? t : [t]);

function codeMd(s: string): string {
  const t = s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function inlineMd(t: Text): string {
  return spans(t)
    .map((s) =>
      typeof s === 'string' ? escapeMarkdown(s) : 'bold' in s ? `**${escapeMarkdown(s.bold)}**` : codeMd(s.code),
    )
    .join('');
}

/** Markdown path: spaces and parentheses would end the link target. */
function mdHref(href: string): string {
  return href
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

export function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`, '');
        break;
      case 'paragraph':
        out.push(inlineMd(b.text), '');
        break;
      case 'note':
        out.push(`> ${inlineMd(b.text)}`, '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${inlineMd(i)}`), '');
        break;
      case 'table': {
        const align = b.head.map((_, i) => b.align?.[i] ?? 'l');
        out.push(
          `| ${b.head.map(escapeMarkdown).join(' | ')} |`,
          `|${align.map((a) => (a === 'r' ? ' ---: ' : ' --- ')).join('|')}|`,
        );
        for (const row of b.rows) out.push(`| ${row.map((c) => inlineMd(c) || ' ').join(' | ')} |`);
        out.push('');
        break;
      }
      case 'figure':
        out.push(`![${escapeMarkdown(b.caption)}](${mdHref(b.href)})`, '', `*${escapeMarkdown(b.caption)}*`, '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function inlineHtml(t: Text): string {
  return spans(t)
    .map((s) =>
      typeof s === 'string'
        ? escapeHtml(s)
        : 'bold' in s
          ? `<strong>${escapeHtml(s.bold)}</strong>`
          : `<code>${escapeHtml(s.code)}</code>`,
    )
    .join('');
}

const STYLE = `
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; max-width: 1260px; margin: 2em auto; padding: 0 1em; }
h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
h2 { border-bottom: 1px solid #d8dee4; padding-bottom: .2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; }
th { background: #f6f8fa; text-align: left; }
td.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
blockquote { margin: .5em 0; padding: .2em 1em; border-left: 4px solid #d0d7de; color: #59636e; }
figure { margin: 1em 0; }
figure iframe { display: block; max-width: 100%; border: 1px solid #d0d7de; }
figcaption { font-size: 13px; color: #59636e; }
`;

/**
 * The scripts a page's flame graphs run, as CSP sources: each SVG's one `<script>` by the
 * SHA-256 of its text (the CDATA section's content, which is what the browser hashes) and the
 * root's `onload="fgInit(evt)"` handler ('unsafe-hashes' admits an attribute by its hash and
 * nothing else). A frame of a data: URL inherits the page's policy, so these are the only
 * scripts that may run anywhere in the page; the page itself has none.
 */
function scriptSources(svgs: string[]): string[] {
  const sha = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  const sources = new Set<string>();
  for (const svg of svgs) {
    for (const m of svg.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      // The writer splits a literal `]]>` across two CDATA sections (flamegraph/svg.ts).
      const text = (m[1] ?? '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
      sources.add(sha(text));
    }
    const onload = /<svg\b[^>]*?\sonload="([^"]*)"/.exec(svg);
    if (onload) sources.add(sha(onload[1] ?? ''));
  }
  return sources.size > 0 ? ["'unsafe-hashes'", ...sources] : [];
}

/**
 * A self-contained page: inline CSS, nothing fetched. Flame graphs are the interactive SVGs in
 * sandboxed frames of data: URLs, so their zoom and Search work (an `<img>` never runs an
 * SVG's script) while their script cannot reach the page: an opaque origin, no same-origin
 * access, and only those scripts' hashes allowed by the policy.
 */
export function toHtml(blocks: Block[], title: string): string {
  const svgs = blocks.flatMap((b) => (b.kind === 'figure' ? [b.svg] : []));
  const scripts = scriptSources(svgs);
  const csp = [
    "default-src 'none'",
    'img-src data:',
    "style-src 'unsafe-inline'",
    ...(svgs.length > 0 ? ['frame-src data:'] : []),
    ...(scripts.length > 0 ? [`script-src ${scripts.join(' ')}`] : []),
  ].join('; ');
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing in the page may load anything, and nothing but the flame graphs' own scripts may
    // run: the report is read offline, from an artifact.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
  ];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${escapeHtml(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        out.push(`<p>${inlineHtml(b.text)}</p>`);
        break;
      case 'note':
        out.push(`<blockquote>${inlineHtml(b.text)}</blockquote>`);
        break;
      case 'list':
        out.push('<ul>', ...b.items.map((i) => `<li>${inlineHtml(i)}</li>`), '</ul>');
        break;
      case 'table': {
        const cls = (i: number): string => (b.align?.[i] === 'r' ? ' class="r"' : '');
        out.push(
          '<table>',
          `<thead><tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
          '<tbody>',
        );
        for (const row of b.rows)
          out.push(`<tr>${row.map((c, i) => `<td${cls(i)}>${inlineHtml(c)}</td>`).join('')}</tr>`);
        out.push('</tbody>', '</table>');
        break;
      }
      case 'figure': {
        const size = /<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"/.exec(b.svg);
        const dims = size ? ` width="${size[1]}" height="${size[2]}"` : '';
        const uri = `data:image/svg+xml;base64,${Buffer.from(b.svg, 'utf8').toString('base64')}`;
        // allow-modals: the Search button asks for its pattern with window.prompt.
        out.push(
          `<figure><iframe class="flamegraph"${dims} title="${escapeHtml(b.caption)}" sandbox="allow-scripts allow-modals" src="${uri}"></iframe><figcaption>${escapeHtml(b.caption)}</figcaption></figure>`,
        );
        break;
      }
    }
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
