import { createLogger, type CreateLoggerOptions, type Logger } from './index';

/** One written line, parsed (the JSON format). */
export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** pino's numeric levels, for reading captured lines. */
export const LEVEL = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/**
 * A JSON logger whose lines are kept in memory (`lines`, parsed), for tests that check what a
 * piece of code logs: a test hands it where the Shop's logger would go.
 */
export function captureLogger(options: Omit<CreateLoggerOptions, 'destination' | 'pretty'> = {}): {
  logger: Logger;
  lines: LogLine[];
} {
  const lines: LogLine[] = [];
  const destination = {
    write(text: string) {
      for (const line of text.split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      }
    },
  };
  return { logger: createLogger({ level: 'trace', ...options, destination }), lines };
}
