/**
 * Where the CLI writes: standard output and error.
 *
 * Node builds `process.stdout` on first touch, and for a pipe that means loading node:net and
 * creating a socket: more than half of what a warm `vsphere --help | less` costs beyond Node's
 * own start. A command's output is a few writes, so when the descriptor is a pipe or a file
 * the CLI writes to it directly and synchronously (what Node does for pipes and files on
 * Linux anyway). A terminal (or any character device) keeps Node's stream: progress bars need
 * its `columns` and colours need `isTTY`.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';

/** What the CLI writes to: `process.stdout`/`stderr` on a terminal, a DescriptorOutput otherwise. */
export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** One second in 1 ms waits: how long a writer waits on a full non-blocking pipe before giving up on that write. */
const FULL_PIPE_RETRIES = 1000;
let sleeper: Int32Array | undefined;

function sleepOneMillisecond(): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, 1);
}

/** Synchronous writes to a descriptor that is not a terminal (a pipe, a file, a socket). */
export class DescriptorOutput implements OutStream {
  readonly isTTY = false;

  /** `onClosed` runs when the reader went away (EPIPE): `vsphere … | head` is not an error. */
  constructor(
    private readonly fd: number,
    private readonly onClosed: () => void,
  ) {}

  write(text: string): boolean {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    let waits = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(this.fd, bytes, offset);
        waits = 0;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A parent that made the pipe non-blocking: wait for the reader to drain it.
        if (code === 'EAGAIN' && waits++ < FULL_PIPE_RETRIES) {
          sleepOneMillisecond();
          continue;
        }
        if (code === 'EPIPE') this.onClosed();
        return false;
      }
    }
    return true;
  }
}

/** Whether `fd` is a pipe, a file, a socket or the null device: anything but a terminal (tty would load node:net to tell). */
function isPlainDescriptor(fd: number): boolean {
  try {
    const s = fstatSync(fd);
    if (!s.isCharacterDevice()) return true;
    // `> /dev/null` in scripts: a character device, but not a terminal.
    const devNull = statSync('/dev/null', { throwIfNoEntry: false });
    return devNull !== undefined && devNull.rdev === s.rdev;
  } catch {
    return false; // a closed descriptor: Node's stream knows how to be quiet about it
  }
}

/** Standard output (1) or error (2) as the CLI writes to it. */
export function standardOutput(fd: 1 | 2): OutStream {
  if (!isPlainDescriptor(fd)) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    if (fd === 1) {
      stream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(0);
      });
    }
    return stream;
  }
  return new DescriptorOutput(fd, fd === 1 ? () => process.exit(0) : () => undefined);
}

/** Resolves once everything written to `stream` has reached the descriptor. */
export function flushed(stream: OutStream): Promise<void> {
  const node = stream as Partial<NodeJS.WriteStream>;
  return new Promise((resolve) => {
    if (!node.writableLength) resolve();
    else node.write!('', () => resolve());
  });
}
