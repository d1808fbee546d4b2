/**
 * The one markdown escaper, for everything perfgate writes into a PR comment, job summary or
 * table that came from outside: benchmark names, frame names, errors and stderr. Such text
 * must not become markup, HTML, links or @-mentions in a maintainer's PR.
 */

/**
 * Every line break GitHub honours, `\r` alone included: a stderr line ending "\r# Title" or
 * "\r</details>" must not start a new markdown block.
 */
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;
/** ASCII punctuation markdown acts on anywhere in a line; `&` for entities, `$` for math. */
const ACTIVE = /[\\`*_{}[\]()<>#+!|~&$]/g;
/**
 * GitHub links URLs, mentions and issue references in the rendered text too, after markdown
 * (so a backslash does not stop it): a zero-width space breaks each pattern without a visible
 * change. `https://x`, `www.x`, `@user` (and e-mail addresses), `#12` / `GH-12`.
 */
const LINKY = /(:)(?=\/\/)|(\bwww)(?=\.)|(@)|(#|\bGH-)(?=\d)/gi;

/** Plain text that renders as itself on one line: no markup, HTML, entities, links or mentions. */
export function escapeMarkdown(s: string): string {
  return (
    s
      .replace(LINE_BREAKS, ' ')
      // Other control characters render as nothing or as garbage; show that they were there.
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '\ufffd')
      .replace(ACTIVE, (c) => `\\${c}`)
      .replace(LINKY, (m) => `${m}\u200b`)
      // At the start, `- x`, `1. x`, `> x` and `---`/`===` would open a list, a quote or a
      // heading underline; `-1.5%` and `1.0` (numbers in a cell) open nothing and stay as they are.
      .replace(/^(\s*)(>|[-=](?=[\s=-]|$)|\d+(?=[.)](?:\s|$)))/, (_m, sp: string, c: string) =>
        /^\d/.test(c) ? `${sp}${c}\\` : `${sp}\\${c}`,
      )
  );
}

/**
 * `text` as an inline code span: on one line, fenced by one backtick more than the longest run
 * inside it (a single fence is closed by the first backtick in a frame name, a double one by
 * "``", which released @mentions and HTML), padded with spaces as CommonMark strips them, and
 * with `|` escaped so a table cell does not end early. Nothing inside a code span is markup.
 */
export function markdownCode(text: string): string {
  const t = text
    .replace(LINE_BREAKS, ' ')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '\ufffd')
    .replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || t.startsWith(' ') || t.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${t === '' ? ' ' : t}${pad}${fence}`;
}

/** Text for HTML element content or a quoted attribute (the dashboard, the investigation report). */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * Text (stderr, a log tail) as a fenced code block: nothing inside is markup, HTML or a link; the
 * fence is longer than any backtick run in the text, so the text cannot close it; `\r` becomes a
 * line break rather than a way to start a new block.
 */
export function markdownCodeBlock(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${t.replace(/\n+$/, '')}\n${fence}`;
}
