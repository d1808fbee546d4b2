/**
 * A strict XML 1.0 well-formedness check for the generated SVGs, so the tests need neither a
 * dependency nor xmllint: one root element, matched and properly nested tags, quoted attributes
 * without "<" or stray "&", unique attribute names, only predefined or numeric entity
 * references, no characters XML forbids, comments and CDATA sections closed.
 * Returns the problem with its line, or undefined when the document is well-formed.
 */
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const REF = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;

const BAD_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface ElementInfo {
  name: string;
  attrs: Record<string, string>;
}

export function checkWellFormed(xml: string, onElement?: (e: ElementInfo) => void): string | undefined {
  let i = 0;
  const lineAt = (p: number): number => xml.slice(0, p).split('\n').length;
  const fail = (msg: string, p = i): string => `line ${lineAt(p)}: ${msg}`;
  const bad = BAD_CHAR.exec(xml);
  if (bad) return fail(`forbidden character U+${bad[0].charCodeAt(0).toString(16)}`, bad.index);

  const checkRefs = (text: string, at: number): string | undefined => {
    let p = text.indexOf('&');
    while (p !== -1) {
      REF.lastIndex = p;
      if (!REF.test(text)) return fail(`bare "&" or unknown entity: ${JSON.stringify(text.slice(p, p + 12))}`, at + p);
      p = text.indexOf('&', p + 1);
    }
    return undefined;
  };
  const skipSpace = (): void => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  const readName = (): string | undefined => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };

  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) return fail('unterminated XML declaration');
    i = end + 2;
  }
  const stack: string[] = [];
  let sawRoot = false;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? xml.length : lt;
    const text = xml.slice(i, textEnd);
    if (stack.length === 0 && text.trim() !== '') return fail('text outside the root element');
    if (text.includes('>') && text.includes(']]>')) return fail('"]]>" in text');
    const refErr = checkRefs(text, i);
    if (refErr) return refErr;
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) return fail('unterminated comment');
      if (xml.slice(i + 4, end).includes('--')) return fail('"--" inside a comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) return fail('CDATA outside the root element');
      const end = xml.indexOf(']]>', i);
      if (end === -1) return fail('unterminated CDATA section');
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end === -1) return fail('unterminated processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      return fail('DOCTYPE or other declarations are not expected');
    } else if (xml.startsWith('</', i)) {
      i += 2;
      const name = readName();
      if (!name) return fail('bad end tag');
      skipSpace();
      if (xml[i] !== '>') return fail(`bad end tag </${name}`);
      i++;
      const open = stack.pop();
      if (open !== name) return fail(`</${name}> closes <${open ?? '(nothing)'}>`);
    } else {
      i++;
      const name = readName();
      if (!name) return fail('bad start tag');
      if (stack.length === 0) {
        if (sawRoot) return fail('a second root element');
        sawRoot = true;
      }
      const attrs: Record<string, string> = {};
      for (;;) {
        const before = i;
        skipSpace();
        if (xml.startsWith('/>', i)) {
          i += 2;
          onElement?.({ name, attrs });
          break;
        }
        if (xml[i] === '>') {
          i++;
          stack.push(name);
          onElement?.({ name, attrs });
          break;
        }
        if (i === before) return fail(`attributes of <${name}> need whitespace between them`);
        const attr = readName();
        if (!attr) return fail(`bad attribute in <${name}>`);
        skipSpace();
        if (xml[i] !== '=') return fail(`attribute ${attr} without a value`);
        i++;
        skipSpace();
        const q = xml[i];
        if (q !== '"' && q !== "'") return fail(`unquoted attribute ${attr}`);
        const end = xml.indexOf(q, i + 1);
        if (end === -1) return fail(`unterminated attribute ${attr}`);
        const value = xml.slice(i + 1, end);
        if (value.includes('<')) return fail(`"<" in attribute ${attr}`);
        const e = checkRefs(value, i + 1);
        if (e) return e;
        if (attr in attrs) return fail(`duplicate attribute ${attr}`);
        attrs[attr] = value;
        i = end + 1;
      }
    }
  }
  if (stack.length > 0) return fail(`unclosed <${stack[stack.length - 1]}>`);
  if (!sawRoot) return fail('no root element');
  return undefined;
}

/** Decodes the five predefined entities and numeric references (for reading titles back). */
export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}
