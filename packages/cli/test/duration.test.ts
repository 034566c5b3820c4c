import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/runtime/duration.js';

describe('--timeout durations', () => {
  it('reads units, combinations and bare seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration(' 45 ')).toBe(45_000);
    expect(parseDuration('10S')).toBe(10_000);
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of ['', 'soon', '-3s', '0', '0s', '5 s', 's', '1d', '1m30', '0.1ms', 'Infinity']) expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('formats as people write them', () => {
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(1000)).toBe('1s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(60_000)).toBe('1m');
  });
});
