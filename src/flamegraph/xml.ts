/**
 * XML text escaping for names that come straight from profiles: C++ templates (`<`, `>`),
 * operators (`&`), quotes, and whatever bytes a broken symbol table produced. Characters XML 1.0
 * forbids even as references (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD,
 * so the SVG stays well-formed whatever the input.
 */

const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const SPECIAL = /[&<>"']/g;
const INVALID =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID, '\ufffd').replace(SPECIAL, (c) => ENTITY[c] ?? c);
}
