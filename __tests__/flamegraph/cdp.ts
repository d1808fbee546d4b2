/**
 * A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (fd 3 in, fd 4 out,
 * NUL-separated JSON), so the browser test needs no WebSocket library (Node 20 has no global
 * WebSocket) and no playwright: only Debian's chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export type CdpParams = Record<string, unknown>;
export interface CdpEvent {
  method: string;
  params: CdpParams;
  sessionId?: string;
}

interface Pending {
  resolve: (v: CdpParams) => void;
  reject: (e: Error) => void;
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && existsSync(c));
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: Array<(e: CdpEvent) => void> = [];
  private buffer = '';
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly proc: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    private readonly profileDir: string,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nul = this.buffer.indexOf('\0');
      while (nul !== -1) {
        const message = this.buffer.slice(0, nul);
        this.buffer = this.buffer.slice(nul + 1);
        this.dispatch(JSON.parse(message) as { id?: number; result?: CdpParams; error?: { message: string } } & CdpEvent);
        nul = this.buffer.indexOf('\0');
      }
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (s: string) => {
      this.stderr = (this.stderr + s).slice(-4000);
    });
    // A browser that dies at start resets the pipes; say so in the error instead of crashing the suite.
    const pipeError = (err: Error): void => {
      this.stderr = `${this.stderr} (pipe: ${err.message})`.slice(-4000);
    };
    input.on('error', pipeError);
    output.on('error', pipeError);
    proc.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited: ${this.stderr}`));
      this.pending.clear();
    });
  }

  static async launch(executable: string): Promise<Browser> {
    const profileDir = mkdtempSync(path.join(tmpdir(), 'perfgate-chromium-'));
    const proc = spawn(
      executable,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        `--user-data-dir=${profileDir}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const browser = new Browser(proc, proc.stdio[3] as Writable, proc.stdio[4] as Readable, profileDir);
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', () => resolve());
      proc.once('error', reject);
    });
    // The first answer proves the browser is up and speaking the protocol.
    await browser.send('Browser.getVersion', {}, undefined, 30_000);
    return browser;
  }

  private dispatch(msg: { id?: number; result?: CdpParams; error?: { message: string } } & CdpEvent): void {
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
      return;
    }
    for (const l of this.listeners.slice()) l(msg);
  }

  send(method: string, params: CdpParams = {}, sessionId?: string, timeoutMs = 20_000): Promise<CdpParams> {
    if (this.exited) return Promise.reject(new Error(`chromium exited: ${this.stderr}`));
    const id = this.nextId++;
    const message = JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params });
    return new Promise<CdpParams>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.input.write(`${message}\0`);
    });
  }

  on(listener: (e: CdpEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i !== -1) this.listeners.splice(i, 1);
    };
  }

  waitFor(method: string, sessionId: string | undefined, timeoutMs = 20_000): Promise<CdpParams> {
    return new Promise<CdpParams>((resolve, reject) => {
      const off = this.on((e) => {
        if (e.method === method && (sessionId === undefined || e.sessionId === sessionId)) {
          clearTimeout(timer);
          off();
          resolve(e.params);
        }
      });
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  /** A new page (tab) with its session, Page and Runtime domains enabled. */
  async newPage(width: number, height: number): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    await this.send('Runtime.enable', {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    return new Page(this, sessionId);
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      try {
        await this.send('Browser.close', {}, undefined, 5000);
      } catch {
        // The pipe may close before the answer arrives.
      }
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    }
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

export class Page {
  constructor(
    readonly browser: Browser,
    readonly sessionId: string,
  ) {}

  send(method: string, params: CdpParams = {}): Promise<CdpParams> {
    return this.browser.send(method, params, this.sessionId);
  }

  async goto(url: string): Promise<void> {
    const loaded = this.browser.waitFor('Page.loadEventFired', this.sessionId);
    const nav = (await this.send('Page.navigate', { url })) as { errorText?: string };
    if (nav.errorText) throw new Error(`navigation to ${url} failed: ${nav.errorText}`);
    await loaded;
  }

  /** Evaluates an expression in the page and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) {
      throw new Error(`page error: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    }
    return r.result.value as T;
  }

  /** A real mouse click (pressed + released) at page coordinates. */
  async click(x: number, y: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
  }

  /** Ctrl + a letter key, as a user would type it. */
  async pressCtrl(letter: string): Promise<void> {
    const key = letter.toLowerCase();
    const code = `Key${letter.toUpperCase()}`;
    const vk = letter.toUpperCase().charCodeAt(0);
    await this.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', modifiers: 2, key, code, windowsVirtualKeyCode: vk });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', modifiers: 2, key, code, windowsVirtualKeyCode: vk });
  }
}
