/**
 * The script embedded in every flame graph SVG: click to zoom, reset zoom, search (button,
 * Ctrl-F/F3, `?s=regex` in the URL) with the share of samples matched, and the hovered frame's
 * details. Written for this project (flamegraph.pl's script is CDDL) against the markup that
 * svg.ts writes: `<g><title>name (…)</title><rect … data-s="start" data-n="samples"/>[<text/>]</g>`
 * inside `<g id="frames">`, with exact sample offsets in data-s/data-n so zooming and the
 * "Matched:" figure do not suffer from the 0.1 px rounding of the drawn coordinates.
 *
 * Plain ES5 in a String.raw template so regex backslashes survive; it must never contain
 * "]]>" (it sits in a CDATA section) nor "${".
 */

export interface ScriptConfig {
  width: number;
  xpad: number;
  total: number;
  fontSize: number;
  fontWidth: number;
  frameHeight: number;
  framePad: number;
  imageHeight: number;
  ypad1: number;
  ypad2: number;
  inverted: boolean;
  nameType: string;
  searchColor: string;
}

const SCRIPT = String.raw`
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var frames = [], details, matchedEl, unzoomEl, searchEl, zoomedTo = null, searchTerm = null;

  function byId(id) { return document.getElementById(id); }
  function depthOf(y) {
    return C.inverted ? Math.round((y - C.ypad1) / C.frameHeight)
      : Math.round((C.imageHeight - C.ypad2 + C.framePad - y) / C.frameHeight) - 1;
  }
  function label(name, w) {
    var chars = Math.floor(w / (C.fontSize * C.fontWidth));
    if (chars < 3) return '';
    var n = name.replace(/_\[[kwij]\]$/, '');
    var t = n.substring(0, chars);
    if (chars < n.length) t = t.substring(0, chars - 2) + '..';
    return t;
  }
  function place(f, x, w) {
    f.rect.setAttribute('x', x.toFixed(1));
    f.rect.setAttribute('width', w.toFixed(1));
    var t = label(f.name, w);
    if (t === '' && !f.text) return;
    if (!f.text) {
      f.text = document.createElementNS(NS, 'text');
      f.text.setAttribute('y', (3 + f.y + (C.frameHeight - C.framePad) / 2).toFixed(2));
      f.g.appendChild(f.text);
    }
    f.text.setAttribute('x', (x + 3).toFixed(2));
    f.text.textContent = t;
  }
  function restore(f) {
    f.rect.setAttribute('x', f.x0);
    f.rect.setAttribute('width', f.w0);
    if (f.text) {
      if (f.tx0 === null) { f.g.removeChild(f.text); f.text = null; }
      else { f.text.setAttribute('x', f.tx0); f.text.textContent = f.t0; }
    }
  }
  function frameOf(node) {
    while (node && node.nodeName !== 'g') node = node.parentNode;
    if (!node || node.fgIndex === undefined) return null;
    return frames[node.fgIndex];
  }

  function zoom(f) {
    if (f.d === 0) { unzoom(); return; }
    zoomedTo = f;
    unzoomEl.removeAttribute('class');
    var full = C.width - 2 * C.xpad, scale = full / f.n, lo = f.s, hi = f.s + f.n;
    var eps = C.total * 1e-9;
    for (var i = 0; i < frames.length; i++) {
      var x = frames[i];
      if (x.d < f.d && x.s <= lo + eps && x.s + x.n >= hi - eps) {
        x.g.setAttribute('class', 'parent');
        place(x, C.xpad, full);
      } else if (x.d >= f.d && x.s >= lo - eps && x.s + x.n <= hi + eps) {
        x.g.removeAttribute('class');
        place(x, C.xpad + (x.s - lo) * scale, x.n * scale);
      } else {
        x.g.setAttribute('class', 'hide');
      }
    }
  }
  function unzoom() {
    zoomedTo = null;
    unzoomEl.setAttribute('class', 'hide');
    for (var i = 0; i < frames.length; i++) {
      frames[i].g.removeAttribute('class');
      restore(frames[i]);
    }
  }

  function search(term) {
    var re;
    try { re = new RegExp(term); } catch (e) {
      matchedEl.textContent = 'Invalid regex: ' + term;
      return;
    }
    searchTerm = term;
    searchEl.textContent = 'Reset Search';
    var spans = [];
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.d > 0 && re.test(f.name)) {
        f.rect.setAttribute('fill', C.searchColor);
        spans.push([f.s, f.s + f.n]);
      } else {
        f.rect.setAttribute('fill', f.fill);
      }
    }
    // Nested matches (a frame and its caller) must not be counted twice: merge the intervals.
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var sum = 0, end = -Infinity;
    for (var j = 0; j < spans.length; j++) {
      var s = spans[j][0], e = spans[j][1];
      if (s >= end) { sum += e - s; end = e; }
      else if (e > end) { sum += e - end; end = e; }
    }
    var pct = C.total > 0 ? 100 * sum / C.total : 0;
    matchedEl.textContent = 'Matched: ' + (pct === 100 ? '100' : pct.toFixed(1)) + '%';
  }
  function resetSearch() {
    searchTerm = null;
    for (var i = 0; i < frames.length; i++) frames[i].rect.setAttribute('fill', frames[i].fill);
    matchedEl.textContent = ' ';
    searchEl.textContent = 'Search';
  }
  function searchPrompt() {
    var term = window.prompt('Search for (regular expression, e.g. ^ext4_):', searchTerm || '');
    if (term === null) return;
    if (term === '') resetSearch(); else search(term);
  }

  window.fgInit = function () {
    details = byId('details');
    matchedEl = byId('matched');
    unzoomEl = byId('unzoom');
    searchEl = byId('search');
    var gs = byId('frames').getElementsByTagName('g');
    for (var i = 0; i < gs.length; i++) {
      var g = gs[i], rect = g.getElementsByTagName('rect')[0];
      var title = g.getElementsByTagName('title')[0], text = g.getElementsByTagName('text')[0] || null;
      var info = title ? title.textContent : '';
      var y = +rect.getAttribute('y');
      g.fgIndex = i;
      frames.push({
        g: g, rect: rect, text: text, info: info,
        name: info.replace(/ \([^()]*\)$/, ''),
        s: +rect.getAttribute('data-s'), n: +rect.getAttribute('data-n'),
        d: depthOf(y), y: y, fill: rect.getAttribute('fill'),
        x0: rect.getAttribute('x'), w0: rect.getAttribute('width'),
        tx0: text ? text.getAttribute('x') : null, t0: text ? text.textContent : null
      });
    }
    var box = byId('frames');
    box.addEventListener('click', function (e) {
      var f = frameOf(e.target);
      if (f) zoom(f);
    });
    box.addEventListener('mouseover', function (e) {
      var f = frameOf(e.target);
      if (f) details.textContent = C.nameType + ' ' + f.info;
    });
    box.addEventListener('mouseout', function () { details.textContent = ' '; });
    unzoomEl.addEventListener('click', unzoom);
    searchEl.addEventListener('click', function () {
      if (searchTerm !== null) resetSearch(); else searchPrompt();
    });
    window.addEventListener('keydown', function (e) {
      if (e.keyCode === 114 || ((e.ctrlKey || e.metaKey) && e.keyCode === 70)) {
        e.preventDefault();
        searchPrompt();
      } else if (e.keyCode === 27) {
        if (searchTerm !== null) resetSearch(); else if (zoomedTo) unzoom();
      }
    });
    var m = /[?&]s=([^&]*)/.exec(window.location.search || '');
    if (m) search(decodeURIComponent(m[1]));
  };
  window.fgZoom = zoom;
  window.fgUnzoom = unzoom;
  window.fgSearch = search;
  window.fgResetSearch = resetSearch;
})();
`;

/** The script text, with its configuration, ready for a CDATA section. */
export function embeddedScript(config: ScriptConfig): string {
  return `\nvar C = ${JSON.stringify(config).replace(/]]>/g, ']]\\u003e')};${SCRIPT}`;
}
