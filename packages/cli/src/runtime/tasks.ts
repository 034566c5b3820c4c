import { CliError, UsageError } from './errors.js';
import type { Style } from './output.js';
import type { OutStream } from './stdio.js';

export interface ProgressLike {
  readonly id?: string;
  readonly status: string;
  readonly progress?: { readonly total: number; readonly completed: number; readonly message?: unknown };
}

function messageText(m: unknown): string {
  if (typeof m === 'string') return m;
  if (m && typeof m === 'object' && typeof (m as { default_message?: unknown }).default_message === 'string') {
    return (m as { default_message: string }).default_message;
  }
  return '';
}

function percent(p: ProgressLike['progress']): number | undefined {
  if (!p || !(p.total > 0)) return undefined;
  return Math.max(0, Math.min(100, Math.round((p.completed / p.total) * 100)));
}

/** `0:07`, `12:30`, `1:02:03`. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const CLEAR_LINE = '\r\u001b[2K';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const BAR_WIDTH = 30;
const MIN_BAR_WIDTH = 10;

interface LineParts {
  readonly label: string;
  readonly status: string;
  readonly pct: number | undefined;
  readonly measured: boolean;
  readonly elapsed: string;
  readonly message: string;
}

/** `abcdef…uvwxyz`: the ends of a long id, which tell ids apart, in `width` characters. */
function elide(text: string, width: number): string {
  if (text.length <= width) return text;
  const keep = Math.max(width - 1, 2);
  return `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
}

/**
 * The progress line in `cols` columns (a wrapped line could not be redrawn in place):
 * `<id> <STATUS> <pct>% <elapsed> [bar] <message>`. When space runs out the message goes
 * first, then the bar narrows, then the id is elided in the middle (down to 24 characters),
 * then the bar goes.
 */
export function fitLine(cols: number, p: LineParts): { text: string; render(style: Style): string } {
  const width = Math.max(cols - 1, 20);
  const pct = p.measured ? ` ${p.pct === undefined ? '  ?' : String(p.pct).padStart(3)}%` : '';
  const middle = ` ${p.status}${pct} ${p.elapsed}`;
  let label = p.label;
  let bar = p.measured ? BAR_WIDTH : 0;
  const used = () => label.length + middle.length + (bar ? bar + 3 : 0);
  if (used() > width && bar) bar = Math.max(MIN_BAR_WIDTH, bar - (used() - width));
  if (used() > width) label = elide(label, Math.max(width - (used() - label.length), 24));
  if (used() > width) bar = 0;
  if (used() > width) label = elide(label, Math.max(width - middle.length, 8));
  const room = width - used();
  const message = room > 4 ? elide(p.message, room - 1) : '';
  const filled = p.pct === undefined ? 0 : Math.round((p.pct / 100) * bar);
  const barText = bar ? ` [${'█'.repeat(filled)}${'░'.repeat(bar - filled)}]` : '';
  const tail = `${pct} ${p.elapsed}${barText}${message ? ` ${message}` : ''}`;
  return { text: `${label} ${p.status}${tail}`, render: (style) => `${label} ${style.bold(p.status)}${tail}` };
}

/**
 * Shows what a wait is doing on stderr: on a TTY one redrawn line (what is awaited, its status,
 * a bar with the percent when known, the time elapsed, ticking every second) with the cursor
 * hidden; elsewhere one line per change, so logs and pipes stay readable. `interrupt()` and
 * `finish()` leave the terminal as they found it: line cleared, cursor shown.
 */
export class ProgressReporter {
  private last = '';
  private drawn = false;
  private snap: ProgressLike = { status: 'PENDING' };
  private readonly started = Date.now();
  private ticker: NodeJS.Timeout | undefined;
  private readonly restoreCursor = (): void => {
    this.stream.write(SHOW_CURSOR);
  };

  constructor(
    private readonly stream: OutStream,
    private readonly tty: boolean,
    private readonly style: Style,
    /** What is awaited: `task <id>`, `vm-42`. */
    private readonly label: string,
    /** Whether progress has a percent (tasks) or only a status (guest waits). */
    private readonly measured = true,
  ) {}

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  update(snap: ProgressLike): void {
    this.snap = snap;
    const pct = percent(snap.progress);
    const msg = messageText(snap.progress?.message);
    if (this.tty) {
      this.draw();
      return;
    }
    const line = `${this.label}: ${snap.status}${pct === undefined ? '' : ` ${pct}%`}${msg ? ` ${msg}` : ''}`;
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`${line}\n`);
  }

  private draw(): void {
    const line = fitLine(this.stream.columns || 80, {
      label: this.label,
      status: this.snap.status.padEnd(9),
      pct: this.measured ? percent(this.snap.progress) : undefined,
      measured: this.measured,
      elapsed: elapsedText(this.elapsedMs()),
      message: messageText(this.snap.progress?.message),
    });
    if (line.text === this.last) return;
    this.last = line.text;
    if (!this.drawn) {
      this.drawn = true;
      this.stream.write(HIDE_CURSOR);
      // Whatever ends the process, the cursor comes back.
      process.once('exit', this.restoreCursor);
      this.ticker = setInterval(() => this.draw(), 1000);
      this.ticker.unref();
    }
    this.stream.write(`${CLEAR_LINE}${line.render(this.style)}`);
  }

  private clear(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (!this.drawn) return;
    this.stream.write(`${CLEAR_LINE}${SHOW_CURSOR}`);
    process.removeListener('exit', this.restoreCursor);
    this.drawn = false;
  }

  /** The end: `status` in green when `ok` (a task's SUCCEEDED, a guest state reached), red otherwise. */
  finish(status: string, ok = status === 'SUCCEEDED'): void {
    if (this.tty) {
      this.clear();
      const bar = ok && this.measured ? ` [${'█'.repeat(BAR_WIDTH)}] 100%` : '';
      this.stream.write(`${this.label} ${ok ? this.style.green(status) : this.style.red(status)}${bar} ${elapsedText(this.elapsedMs())}\n`);
      return;
    }
    const line = `${this.label}: ${status}`;
    if (line !== this.last) this.stream.write(`${line}\n`);
  }

  /** Ctrl-C: the line is cleared and the cursor shown before anything else is printed. */
  interrupt(): void {
    if (this.tty) this.clear();
  }
}

/** Exit code of a wait stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT = 130;

/**
 * Runs `work` with a signal that Ctrl-C (SIGINT) aborts. When it was interrupted, `reporter`
 * restores the terminal and the error thrown says what to run next (`next()`), exit 130.
 */
export async function interruptible<T>(reporter: ProgressReporter, next: () => string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    reporter.interrupt();
    throw new CliError(`interrupted after ${elapsedText(reporter.elapsedMs())}. ${next()}`, INTERRUPTED_EXIT);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** `--wait-timeout`: `90` (seconds), `30s`, `5m`, `1h`; milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : Number.NaN;
  if (!(ms > 0) || !Number.isFinite(ms))
    throw new UsageError(`invalid duration '${text}' for --${flag}: expected seconds or a number with ms, s, m or h (90, 30s, 5m, 1h)`);
  return Math.round(ms);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
