/**
 * `perf script` output → folded stacks (`comm;root;...;leaf COUNT`), a faithful port of
 * FlameGraph's stackcollapse-perf.pl (commit 41fee1f) for the options default, --pid, --tid,
 * --kernel, --jit, --all, --addrs and --event-filter.
 *
 * Hand-written because no npm package collapses perf script output (the Rust `inferno` port is
 * not on npm and diverges from the perl script on purpose). Parity with the perl script is the
 * contract: `__tests__/profile/collapse.test.ts` compares every fixture × option byte for byte.
 *
 * Why it looks the way it does:
 * - Streaming: `push()` takes chunks of any size and keeps only a partial line, the interned
 *   frame names and a trie of the stacks seen, so a 1 GB input needs memory for its distinct
 *   stacks only, never for its text.
 * - Byte faithfulness: chunks are decoded as latin1 (one char per byte, no UTF-8 state across
 *   chunks) and every character class is the ASCII one perl uses on byte strings (`\s` is
 *   [\t\n\v\f\r ], `\w` is [A-Za-z0-9_]); sorting compares char codes, i.e. bytes, like `cmp`.
 * - Speed (≈5× the perl script): no regex on the hot path. The perl regexes are re-derived as
 *   small scanners (comments below say which regex each one replaces and why it is equivalent;
 *   two of them, `(\d+)\/*(\d+)*` and `:\s*(\d+)*`, would also backtrack exponentially in a
 *   JavaScript regex on a long digit run). A frame line's text after its address is the key of
 *   a cache of the frame ids it produces, so the usual frame line costs one slice and one Map
 *   lookup; stacks are aggregated in an integer trie, not as joined strings.
 *
 * The one deliberate divergence (docs/ARCHITECTURE.md §5): a final sample with no blank line after it is
 * counted; the perl script drops it.
 */
import { InputError } from '../errors.js';

export interface CollapseOptions {
  /** Root frame `comm-PID` (perl --pid). */
  pid?: boolean;
  /** Root frame `comm-PID/TID` (perl --tid); wins over `pid`. */
  tid?: boolean;
  /** Suffix kernel frames with `_[k]`. */
  kernel?: boolean;
  /** Suffix JIT frames (`/tmp/perf-N.map`) with `_[j]`. */
  jit?: boolean;
  /** Both `kernel` and `jit`. */
  all?: boolean;
  /** `[module <addr>]` instead of `[module]` for frames without a symbol. */
  addrs?: boolean;
  /** Keep only samples of this event; default: the first event type seen. */
  eventFilter?: string;
}

export interface CollapseWarning {
  /** 1-based input line number; 0 when the warning is not about one line. */
  line: number;
  message: string;
}

/** At most this many warnings are kept; the rest are only counted (`warningCount`). */
export const MAX_WARNINGS = 100;

/** A line this long with no newline is not perf script output; stop before memory runs out. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

const SKIP = -1;
const NO_PNAME = -1;

/** perl's `\s` on a byte string: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
/** perl's `\w` on a byte string. */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLowerHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * `s.lastIndexOf(' (', from)` that stops at the line start `lo`: `s` is the whole input chunk,
 * and the built-in search ran back through all of it on every line without a " (" (random text,
 * address-only frames), which made collapse quadratic in the chunk size: 0.1 MB/s.
 */
function lastSpaceParen(s: string, from: number, lo: number): number {
  for (let i = from; i >= lo; i--) {
    if (s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === 40) return i;
  }
  return -1;
}

/** A fresh flat copy, so a Map key never pins the whole input chunk it was sliced from. */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}

/** Open-addressing hash table (parent node, frame id) → child node: a trie without objects. */
class StackTrie {
  private cap = 1 << 16;
  private kParent = new Int32Array(this.cap);
  private kFrame = new Int32Array(this.cap);
  private vChild = new Int32Array(this.cap); // child + 1; 0 = empty slot
  private used = 0;
  /** Node 0 is the virtual root above the comm frames. */
  nodeParent = new Int32Array(1 << 16);
  nodeFrame = new Int32Array(1 << 16);
  nodeCount = new Float64Array(1 << 16);
  /** 1 once a sample ended here: a period of "00" adds 0 but perl still prints "stack 0". */
  nodeHit = new Uint8Array(1 << 16);
  nodes = 1;

  child(parent: number, frame: number): number {
    const mask = this.cap - 1;
    let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const v = this.vChild[h]!;
      if (v === 0) break;
      if (this.kParent[h] === parent && this.kFrame[h] === frame) return v - 1;
      h = (h + 1) & mask;
    }
    const node = this.nodes++;
    if (node >= this.nodeParent.length) this.growNodes();
    this.nodeParent[node] = parent;
    this.nodeFrame[node] = frame;
    this.kParent[h] = parent;
    this.kFrame[h] = frame;
    this.vChild[h] = node + 1;
    if (++this.used * 2 > this.cap) this.rehash();
    return node;
  }

  private growNodes(): void {
    const n = this.nodeParent.length * 2;
    const p = new Int32Array(n);
    p.set(this.nodeParent);
    const f = new Int32Array(n);
    f.set(this.nodeFrame);
    const c = new Float64Array(n);
    c.set(this.nodeCount);
    const hit = new Uint8Array(n);
    hit.set(this.nodeHit);
    this.nodeParent = p;
    this.nodeFrame = f;
    this.nodeCount = c;
    this.nodeHit = hit;
  }

  private rehash(): void {
    const oldP = this.kParent;
    const oldF = this.kFrame;
    const oldV = this.vChild;
    this.cap *= 2;
    const mask = this.cap - 1;
    this.kParent = new Int32Array(this.cap);
    this.kFrame = new Int32Array(this.cap);
    this.vChild = new Int32Array(this.cap);
    for (let i = 0; i < oldV.length; i++) {
      const v = oldV[i]!;
      if (v === 0) continue;
      const parent = oldP[i]!;
      const frame = oldF[i]!;
      let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame, 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (this.vChild[h] !== 0) h = (h + 1) & mask;
      this.kParent[h] = parent;
      this.kFrame[h] = frame;
      this.vChild[h] = v;
    }
  }
}

/** What a collapse counted and noticed. */
export interface CollapseCounts {
  /** Sorted like perl's `sort { $a cmp $b }`; stacks as latin1 strings (one char per byte). */
  rawEntries: ReadonlyArray<readonly [string, number]>;
  /** Samples counted (after event filtering). */
  samples: number;
  lines: number;
  bytes: number;
  warnings: readonly CollapseWarning[];
  warningCount: number;
  /** The event kept (given, or the first one seen); undefined if no header named one. */
  event: string | undefined;
  /** Samples dropped because their event differed from `event`. */
  filteredSamples: number;
}

/** The outcome of a collapse: aggregated stacks plus what was noticed on the way. */
export class CollapseResult implements Readonly<CollapseCounts> {
  readonly rawEntries: ReadonlyArray<readonly [string, number]>;
  readonly samples: number;
  readonly lines: number;
  readonly bytes: number;
  readonly warnings: readonly CollapseWarning[];
  readonly warningCount: number;
  readonly event: string | undefined;
  readonly filteredSamples: number;

  constructor(c: CollapseCounts) {
    this.rawEntries = c.rawEntries;
    this.samples = c.samples;
    this.lines = c.lines;
    this.bytes = c.bytes;
    this.warnings = c.warnings;
    this.warningCount = c.warningCount;
    this.event = c.event;
    this.filteredSamples = c.filteredSamples;
  }

  /** Distinct stacks. */
  get stacks(): number {
    return this.rawEntries.length;
  }

  /** Exactly the bytes stackcollapse-perf.pl prints. */
  toBuffer(): Buffer {
    return Buffer.from(this.toLatin1(), 'latin1');
  }

  /** The folded text as a normal (UTF-8 decoded) string; identical to the bytes for UTF-8 input. */
  toFoldedText(): string {
    return this.toBuffer().toString('utf8');
  }

  /** Folded text in pieces of about `chunkChars`, so a huge profile is never one string. */
  *chunks(chunkChars = 1 << 20): Generator<string> {
    let parts: string[] = [];
    let size = 0;
    for (const [stack, count] of this.rawEntries) {
      const line = `${stack} ${count}\n`;
      parts.push(line);
      size += line.length;
      if (size >= chunkChars) {
        yield Buffer.from(parts.join(''), 'latin1').toString('utf8');
        parts = [];
        size = 0;
      }
    }
    if (parts.length > 0) yield Buffer.from(parts.join(''), 'latin1').toString('utf8');
  }

  /** [stack, count] pairs, stacks decoded as UTF-8. */
  entries(): Array<[string, number]> {
    return this.rawEntries.map(([s, c]) => [Buffer.from(s, 'latin1').toString('utf8'), c]);
  }

  private toLatin1(): string {
    const out: string[] = new Array<string>(this.rawEntries.length);
    let i = 0;
    for (const [stack, count] of this.rawEntries) out[i++] = `${stack} ${count}\n`;
    return out.join('');
  }
}

/**
 * Incremental collapser: `push()` chunks (Buffers or latin1 strings) in order, then `end()`.
 */
export class PerfScriptCollapser {
  private readonly includePid: boolean;
  private readonly includeTid: boolean;
  private readonly annotateKernel: boolean;
  private readonly annotateJit: boolean;
  private readonly includeAddrs: boolean;
  private eventFilter: string;
  /** No filter was given: the first event seen became the filter (perl $event_defaulted). */
  private eventDefaulted = false;

  private carry = '';
  private lineNo = 0;
  private byteCount = 0;
  private sampleCount = 0;
  private filtered = 0;
  private firstChunk = true;
  private ended = false;

  /** Interned frame names (latin1); comm roots share the table. */
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Frame-line text after the address → frame ids (SKIP = no frame), one cache per tidy mode. */
  private readonly lineCacheJava = new Map<string, number | number[]>();
  private readonly lineCachePlain = new Map<string, number | number[]>();
  private readonly pnameIds = new Map<string, number>();

  /** Current sample: perl's $pname (as a frame id), $m_period and @stack (leaf first here). */
  private pname = NO_PNAME;
  private pnameIsJava = false;
  private period = 1;
  private stack = new Int32Array(256);
  private depth = 0;

  private readonly trie = new StackTrie();
  private readonly warnings: CollapseWarning[] = [];
  private warningCount = 0;

  constructor(options: CollapseOptions = {}) {
    this.includeTid = options.tid === true;
    this.includePid = options.pid === true;
    this.annotateKernel = options.kernel === true || options.all === true;
    this.annotateJit = options.jit === true || options.all === true;
    this.includeAddrs = options.addrs === true;
    this.eventFilter = options.eventFilter ?? '';
  }

  push(chunk: Buffer | Uint8Array | string): void {
    if (this.ended) throw new Error('PerfScriptCollapser: push() after end()');
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
      this.byteCount += chunk.length;
    } else {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (this.firstChunk) this.checkBinary(buf);
      text = buf.toString('latin1');
      this.byteCount += buf.length;
    }
    this.firstChunk = false;
    let pos = 0;
    if (this.carry.length > 0) {
      // Finish the line split across chunks on its own, rather than prepending the carry to
      // the whole chunk (which would copy every chunk once more).
      const nl = text.indexOf('\n');
      if (nl === -1) {
        this.carry += text;
        this.checkCarry();
        return;
      }
      const joined = this.carry + text.slice(0, nl);
      this.carry = '';
      this.lineNo++;
      this.line(joined, 0, joined.length);
      pos = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      this.lineNo++;
      this.line(text, pos, nl);
      pos = nl + 1;
    }
    this.carry = pos === 0 ? text : text.slice(pos);
    this.checkCarry();
  }

  private checkCarry(): void {
    if (this.carry.length > MAX_LINE_CHARS) {
      throw new InputError(
        `line ${this.lineNo + 1} is longer than ${MAX_LINE_CHARS} bytes: this is not perf script output`,
      );
    }
  }

  end(): CollapseResult {
    if (!this.ended) {
      if (this.carry.length > 0) {
        // The last line has no newline; perl's <> still returns it.
        this.lineNo++;
        const s = this.carry;
        this.carry = '';
        this.line(s, 0, s.length);
      }
      // The divergence from the perl script: one implicit blank line counts a final sample that
      // has no blank line after it. A second blank line is a no-op in the perl script, so this is
      // exactly "the fixture with one blank line appended".
      this.blankLine();
      this.ended = true;
      if (this.filtered > 0 && this.eventDefaulted) {
        this.warn(
          0,
          `kept only "${this.eventFilter}" samples (the first event type seen); ${this.filtered} samples of other events were dropped: choose one with --event-filter`,
        );
      }
    }
    return new CollapseResult({
      rawEntries: this.sortedEntries(),
      samples: this.sampleCount,
      lines: this.lineNo,
      bytes: this.byteCount,
      warnings: this.warnings.slice(),
      warningCount: this.warningCount,
      event: this.eventFilter === '' ? undefined : this.eventFilter,
      filteredSamples: this.filtered,
    });
  }

  /**
   * Counts are doubles: above 2^53 - 1 they would round without a word (2^53 + 1 reads as 2^53),
   * so such an input is refused rather than folded into slightly wrong numbers.
   */
  private tooBig(what: string): InputError {
    return new InputError(
      `line ${this.lineNo}: ${what} exceeds 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), beyond which counts lose precision`,
    );
  }

  private warn(line: number, message: string): void {
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ line, message });
  }

  /** perf.data or other binary input would otherwise produce one warning per "line". */
  private checkBinary(buf: Buffer): void {
    if (buf.length >= 8 && buf.toString('latin1', 0, 7) === 'PERFILE') {
      throw new InputError(
        'input is a perf.data file, not perf script output: run `perf script -i FILE` and collapse its output',
      );
    }
    const n = Math.min(buf.length, 4096);
    for (let i = 0; i < n; i++) {
      if (buf[i] === 0) {
        throw new InputError(`input is binary (NUL byte at offset ${i}), not perf script output`);
      }
    }
  }

  private line(s: string, ls: number, le: number): void {
    if (le === ls) {
      this.blankLine();
      return;
    }
    const c0 = s.charCodeAt(ls);
    // "# cmdline : /usr/bin/perf record -e cycles ..." and the rest of perf's header: skipped.
    if (c0 === 35 /* # */) return;
    if (!isSpace(c0) && this.headerLine(s, ls, le)) return;
    if (!this.stackLine(s, ls, le)) {
      // Past MAX_WARNINGS only the count is kept: do not build a message nobody will see.
      if (this.warnings.length >= MAX_WARNINGS) {
        this.warningCount++;
        return;
      }
      let text = s.slice(ls, Math.min(le, ls + 200));
      if (le - ls > 200) text += '...';
      this.warn(this.lineNo, `unrecognized line: ${JSON.stringify(text)}`);
    }
  }

  /** perl: `if (m/^$/)`: the end of a sample. */
  private blankLine(): void {
    // "next if not $pname": a filtered sample, or a blank line between samples.
    if (this.pname === NO_PNAME) return;
    let node = this.trie.child(0, this.pname);
    for (let d = this.depth - 1; d >= 0; d--) node = this.trie.child(node, this.stack[d]!);
    const count = (this.trie.nodeCount[node]! += this.period);
    if (count > Number.MAX_SAFE_INTEGER)
      throw this.tooBig(`the samples of one stack add up to more than ${Number.MAX_SAFE_INTEGER}`);
    this.trie.nodeHit[node] = 1;
    this.sampleCount++;
    this.depth = 0;
    this.pname = NO_PNAME;
  }

  /**
   * An event header, e.g. (default perf script fields, then --tid style, then a thread name with
   * a space, then a period column):
   *   java 12688 [002] 6544038.708352: cpu-clock:
   *   iperf 13390/13391 [003] 5209.520209: cpu-clock:
   *   V8 WorkerThread 24636/25607 [000] 94564.109216: cycles:
   *   perf 47118 [011] 51499.088689:          1 page-faults:
   * perl: `/^(\S.+?)\s+(\d+)\/*(\d+)*\s+/`: comm is the shortest prefix of at least two chars
   * followed by whitespace, digits, optional slashes and digits, and whitespace.
   */
  private headerLine(s: string, ls: number, le: number): boolean {
    let q = ls + 2;
    let pidStart = -1;
    let pidEnd = -1;
    let tidStart = -1;
    let tidEnd = -1;
    while (q < le) {
      if (!isSpace(s.charCodeAt(q))) {
        q++;
        continue;
      }
      // \s+ is greedy and digits are not whitespace, so every q in this run reaches the same r.
      let r = q + 1;
      while (r < le && isSpace(s.charCodeAt(r))) r++;
      let e = r;
      while (e < le && isDigit(s.charCodeAt(e))) e++;
      if (e > r) {
        let t = e;
        while (t < le && s.charCodeAt(t) === 47 /* / */) t++;
        let u = t;
        while (u < le && isDigit(s.charCodeAt(u))) u++;
        if (u < le && isSpace(s.charCodeAt(u))) {
          pidStart = r;
          pidEnd = e;
          if (t > e && u > t) {
            tidStart = t;
            tidEnd = u;
          }
          break;
        }
      }
      q = r;
    }
    if (pidStart < 0) return false;

    // perl: `if (/:\s*(\d+)*\s+(\S+):\s*$/)`: the event is the last word, which ends in ":";
    // before it whitespace, an optional period, and the colon that ends the timestamp.
    let periodStart = -1;
    let periodEnd = -1;
    let event: string | undefined;
    let e = le;
    while (e > ls && isSpace(s.charCodeAt(e - 1))) e--;
    if (e > ls && s.charCodeAt(e - 1) === 58 /* : */) {
      const colon = e - 1;
      let t = colon;
      while (t > ls && !isSpace(s.charCodeAt(t - 1))) t--;
      if (t < colon && t > ls) {
        // t-1 is whitespace; walk back over \s+ then \d* then \s* to the colon.
        let b = t - 1;
        while (b > ls && isSpace(s.charCodeAt(b - 1))) b--;
        const digitsEnd = b;
        while (b > ls && isDigit(s.charCodeAt(b - 1))) b--;
        const digitsStart = b;
        while (b > ls && isSpace(s.charCodeAt(b - 1))) b--;
        if (b > ls && s.charCodeAt(b - 1) === 58) {
          event = s.slice(t, colon);
          if (digitsEnd > digitsStart) {
            periodStart = digitsStart;
            periodEnd = digitsEnd;
          }
        }
      }
    }

    if (event !== undefined) {
      if (this.eventFilter === '') {
        // By default only the first event type is kept: summing cycles and instructions, say,
        // would give a meaningless graph.
        this.eventFilter = event;
        this.eventDefaulted = true;
      } else if (event !== this.eventFilter) {
        this.filtered++;
        return true;
      }
    }

    // perl: `$period = 1 if not $period` ("0" is false in perl, "00" is not).
    let period = 1;
    if (periodStart >= 0 && !(periodEnd - periodStart === 1 && s.charCodeAt(periodStart) === 48)) {
      period = 0;
      for (let i = periodStart; i < periodEnd; i++) period = period * 10 + (s.charCodeAt(i) - 48);
      if (period > Number.MAX_SAFE_INTEGER) throw this.tooBig(`period ${s.slice(periodStart, periodEnd)}`);
    }
    this.period = period;

    let comm = s.slice(ls, q);
    if (comm.indexOf(' ') !== -1) comm = comm.replace(/ /g, '_');
    let pname: string;
    if (this.includeTid || this.includePid) {
      // perl: `if (not $tid) { $tid = $pid; $pid = "?" }`: a lone number is the TID (and a TID
      // of "0" counts as missing, as perl's truthiness has it).
      let pid: string;
      let tid: string;
      if (tidStart >= 0 && !(tidEnd - tidStart === 1 && s.charCodeAt(tidStart) === 48)) {
        pid = s.slice(pidStart, pidEnd);
        tid = s.slice(tidStart, tidEnd);
      } else {
        // "java 12688 [002] ..." or "swapper 5/0 ...": the first number becomes the TID.
        pid = '?';
        tid = s.slice(pidStart, pidEnd);
      }
      pname = this.includeTid ? `${comm}-${pid}/${tid}` : `${comm}-${pid}`;
    } else {
      pname = comm;
    }
    let id = this.pnameIds.get(pname);
    if (id === undefined) {
      pname = detach(pname);
      id = this.intern(pname);
      this.pnameIds.set(pname, id);
    }
    this.pname = id;
    // perl (41fee1f) tidies Java names when the root is java, also as java-PID and java-PID/TID.
    this.pnameIsJava = pname.startsWith('java');
    return true;
  }

  private intern(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      name = detach(name);
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  private pushFrame(id: number): void {
    if (this.depth === this.stack.length) {
      const bigger = new Int32Array(this.stack.length * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[this.depth++] = id;
  }

  /**
   * A frame line, e.g.
   *   \t    7f722d142778 Ljava/io/PrintStream;::print (/tmp/perf-19982.map)
   *   \tffffffff8103ce3b native_safe_halt ([kernel.kallsyms])
   *   \t    7fffb84c9afc cpu_startup_entry+0x800047c022ec ([kernel.kallsyms])
   *   \t               0 [unknown] ([unknown])
   * perl: `/^\s*(\w+)\s*(.+) \((\S*)\)/`. Returns false when that regex would not match.
   */
  private stackLine(s: string, ls: number, le: number): boolean {
    let i = ls;
    while (i < le && isSpace(s.charCodeAt(i))) i++;
    let j = i;
    while (j < le && isWord(s.charCodeAt(j))) j++;
    if (j === i) return false;
    let k = j;
    while (k < le && isSpace(s.charCodeAt(k))) k++;

    // "next if not $pname": frames of a filtered sample (or before any header) are dropped;
    // the line still matched the regex, so it is not reported.
    const cache = this.pnameIsJava ? this.lineCacheJava : this.lineCachePlain;
    const key = s.slice(k, le);
    const hit = cache.get(key);
    if (hit !== undefined) {
      if (this.pname === NO_PNAME) return true;
      if (typeof hit === 'number') {
        if (hit !== SKIP) this.pushFrame(hit);
      } else {
        // Root-most first in `hit`; the stack is built leaf first.
        for (let x = hit.length - 1; x >= 0; x--) this.pushFrame(hit[x]!);
      }
      return true;
    }

    // Greedy `(.+)` ends at the last " (" whose following non-blank run contains a ")";
    // `\S*` then extends to the last ")" of that run.
    let p = -1;
    let parenEnd = -1;
    let from = le - 2;
    while (from >= ls) {
      const at = lastSpaceParen(s, from, ls);
      if (at < ls) break;
      let run = at + 2;
      let lastParen = -1;
      while (run < le) {
        const c = s.charCodeAt(run);
        if (isSpace(c)) break;
        if (c === 41 /* ) */) lastParen = run;
        run++;
      }
      if (lastParen >= 0) {
        p = at;
        parenEnd = lastParen;
        break;
      }
      from = at - 1;
    }
    if (p < 0) return false;
    // `(\w+)\s*(.+)`: (.+) needs one char before " ("; when the greedy \s* or \w+ leave none,
    // perl backtracks into them, so (.+) starts at min(k, p - 1) and the address shrinks.
    const m = Math.min(k, p - 1);
    if (m < i + 1) return false;
    if (this.pname === NO_PNAME) return true;

    const pc = s.slice(i, Math.min(j, m));
    const rawfunc = s.slice(m, p);
    const mod = s.slice(p + 2, parenEnd);
    const usesPc = { value: false };
    const frames = this.frames(pc, rawfunc, mod, usesPc);
    if (frames === SKIP) {
      // nothing to push
    } else if (typeof frames === 'number') {
      this.pushFrame(frames);
    } else {
      for (let x = frames.length - 1; x >= 0; x--) this.pushFrame(frames[x]!);
    }
    // The cache is keyed by the text after the address, valid when (.+) started there and the
    // address did not go into the name (--addrs on an unknown symbol).
    if (m === k && !usesPc.value) cache.set(detach(key), frames);
    return true;
  }

  /** The frames one stack line contributes, root-most first (perl's @inline), as ids. */
  private frames(pc: string, rawfuncIn: string, mod: string, usesPc: { value: boolean }): number | number[] {
    // Linux 4.8 added symbol offsets; strip them:
    //   7fffb84c9afc cpu_startup_entry+0x800047c022ec ([kernel.kallsyms])
    // perl: `s/\+0x[\da-f]+$//`. Hex digits contain no "+", so only the last "+0x" can match.
    let rawfunc = rawfuncIn;
    const off = rawfunc.lastIndexOf('+0x');
    if (off >= 0 && off + 3 < rawfunc.length) {
      let hex = true;
      for (let x = off + 3; x < rawfunc.length; x++) {
        if (!isLowerHex(rawfunc.charCodeAt(x))) {
          hex = false;
          break;
        }
      }
      if (hex) rawfunc = rawfunc.slice(0, off);
    }
    // perl: `next if $rawfunc =~ /^\(/`, process names such as "(deleted)" alone.
    if (rawfunc.charCodeAt(0) === 40 /* ( */) return SKIP;

    // Java inlining from perf-map-agent, "a->b->c": one frame each, the inner ones `_[i]`.
    // perl's split drops trailing empty fields, keeps leading ones.
    let parts: string[];
    if (rawfunc.indexOf('->') === -1) {
      parts = rawfunc.length === 0 ? [] : [rawfunc];
    } else {
      parts = rawfunc.split('->');
      while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    }
    const ids: number[] = [];
    for (let idx = 0; idx < parts.length; idx++) {
      let func = parts[idx]!;
      if (func === '[unknown]') {
        // No symbol: name the frame after the module, "[libc-2.19.so]"; --addrs adds the address.
        let base: string;
        if (mod !== '[unknown]') {
          base = mod.slice(mod.lastIndexOf('/') + 1);
        } else {
          base = 'unknown';
        }
        if (this.includeAddrs) {
          func = `[${base} <${pc}>]`;
          usesPc.value = true;
        } else {
          func = `[${base}]`;
        }
      }
      func = tidyGeneric(func);
      if (this.pnameIsJava) func = tidyJava(func);
      if (idx > 0) {
        if (func.indexOf('_[i]') === -1) func += '_[i]';
      } else if (
        this.annotateKernel &&
        (mod.charCodeAt(0) === 91 /* [ */ || mod.endsWith('vmlinux')) &&
        mod.indexOf('unknown') === -1
      ) {
        // "ffffffff8103ce3b native_safe_halt ([kernel.kallsyms])",
        // "8c3453 tcp_sendmsg (/lib/modules/4.3.0-rc1-virtual/build/vmlinux)"
        func += '_[k]';
      } else if (this.annotateJit && isPerfMap(mod)) {
        // "7f722d142778 Ljava/io/PrintStream;::print (/tmp/perf-19982.map)"
        if (func.indexOf('_[j]') === -1) func += '_[j]';
      }
      ids.push(this.intern(func));
    }
    if (ids.length === 0) return SKIP;
    return ids.length === 1 ? ids[0]! : ids;
  }

  private sortedEntries(): Array<[string, number]> {
    const { nodeParent, nodeFrame, nodeCount, nodeHit, nodes } = this.trie;
    const out: Array<[string, number]> = [];
    const path: string[] = [];
    for (let n = 1; n < nodes; n++) {
      if (nodeHit[n] === 0) continue;
      const count = nodeCount[n]!;
      path.length = 0;
      for (let x = n; x !== 0; x = nodeParent[x]!) path.push(this.names[nodeFrame[x]!]!);
      path.reverse();
      out.push([path.join(';'), count]);
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return out;
  }
}

/**
 * perl's $tidy_generic:
 *   `s/;/:/g`: ";" separates frames in the folded format;
 *   `s/\((?!anonymous namespace\)).*` + `//` unless `m/\.\(.*\)\./`: drop argument lists, keep Go
 *     method receivers "net/http.(*Client).Do" and C++ "(anonymous namespace)";
 *   `tr/"\'//d`: quotes, e.g. from "13a80b608e0a RegExp:[&<>\"\'] (/tmp/perf-7539.map)".
 */
export function tidyGeneric(input: string): string {
  let func = input;
  if (func.indexOf(';') !== -1) func = func.replace(/;/g, ':');
  let paren = func.indexOf('(');
  if (paren !== -1) {
    const go = func.indexOf('.(');
    const isGo = go !== -1 && func.lastIndexOf(').') >= go + 2;
    if (!isGo) {
      while (paren !== -1 && func.startsWith('anonymous namespace)', paren + 1)) {
        paren = func.indexOf('(', paren + 1);
      }
      if (paren !== -1) func = func.slice(0, paren);
    }
  }
  if (func.indexOf('"') !== -1 || func.indexOf("'") !== -1) func = func.replace(/["']/g, '');
  return func;
}

/**
 * perl's $tidy_java: `s/^L// if m:/:`, with tidyGeneric this turns
 * "Lorg/mozilla/javascript/MemberBox;.<init>(Ljava/lang/reflect/Method;)V" into
 * "org/mozilla/javascript/MemberBox:.<init>".
 */
export function tidyJava(func: string): string {
  return func.charCodeAt(0) === 76 /* L */ && func.indexOf('/') !== -1 ? func.slice(1) : func;
}

/** perl: `$mod =~ m:/tmp/perf-\d+\.map:`, anywhere in the module path. */
function isPerfMap(mod: string): boolean {
  let at = mod.indexOf('/tmp/perf-');
  while (at !== -1) {
    let d = at + 10;
    while (d < mod.length && isDigit(mod.charCodeAt(d))) d++;
    if (d > at + 10 && mod.startsWith('.map', d)) return true;
    at = mod.indexOf('/tmp/perf-', at + 1);
  }
  return false;
}

/** Collapses a whole stream (a Readable, or any async iterable of chunks). */
export async function collapsePerfScript(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  options: CollapseOptions = {},
): Promise<CollapseResult> {
  const collapser = new PerfScriptCollapser(options);
  for await (const chunk of input) collapser.push(chunk);
  return collapser.end();
}

/** Collapses text already in memory (tests, small inputs). */
export function collapsePerfScriptText(text: string | Buffer, options: CollapseOptions = {}): CollapseResult {
  const collapser = new PerfScriptCollapser(options);
  collapser.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return collapser.end();
}
