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

/**
 * Shows a task's progress on stderr: a redrawn bar on a TTY, one line per
 * change otherwise (so logs and pipes stay readable).
 */
export class ProgressReporter {
  private last = '';
  private drawn = false;

  constructor(
    private readonly stream: OutStream,
    private readonly tty: boolean,
    private readonly style: Style,
    private readonly taskId: string,
  ) {}

  update(snap: ProgressLike): void {
    const pct = percent(snap.progress);
    const msg = messageText(snap.progress?.message);
    if (this.tty) {
      const width = 30;
      const filled = pct === undefined ? 0 : Math.round((pct / 100) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const cols = this.stream.columns || 100;
      let line = `${this.style.bold(snap.status.padEnd(9))} [${bar}] ${pct === undefined ? '  ?' : String(pct).padStart(3)}%${msg ? ` ${msg}` : ''}`;
      if (line.length > cols + 20) line = line.slice(0, cols + 19);
      if (line === this.last) return;
      this.last = line;
      this.stream.write(`\r\u001b[2K${line}`);
      this.drawn = true;
      return;
    }
    const line = `task ${this.taskId}: ${snap.status}${pct === undefined ? '' : ` ${pct}%`}${msg ? ` ${msg}` : ''}`;
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`${line}\n`);
  }

  finish(status: string): void {
    if (this.tty) {
      if (this.drawn) this.stream.write(`\r\u001b[2K`);
      const ok = status === 'SUCCEEDED';
      const bar = ok ? '█'.repeat(30) : '';
      this.stream.write(`${ok ? this.style.green('SUCCEEDED') : this.style.red(status)}${bar ? ` [${bar}] 100%` : ''}\n`);
      return;
    }
    const line = `task ${this.taskId}: ${status}`;
    if (line !== this.last) this.stream.write(`${line}\n`);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
