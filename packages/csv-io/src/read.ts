import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { CommerceError } from '@shop/core';
import { readHeader, type HeaderMap, type ProductColumn } from './layout';

/** Bytes (an upload, a file) or text, read piece by piece: a file is never held whole. */
export type CsvSource = AsyncIterable<Uint8Array | string>;

/** One data row: its values by column, and the line it starts on as the file has it. */
export interface CsvRow {
  line: number;
  /** Values of the columns the file has (trimmed, but the body); a column the file lacks is absent. */
  values: ReadonlyMap<ProductColumn, string>;
  /** Set when the row cannot be read as a row of this file (its field count differs). */
  problem?: string;
}

/**
 * Bytes to text, refusing what is not UTF-8 text: invalid UTF-8 or a NUL character (binary
 * files have both; Postgres text cannot store NUL). Refused with the line it was met on.
 */
function utf8Text(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  const check = (text: string) => {
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      line += countNewlines(text.slice(0, nul));
      throw notCsv(`it holds a NUL byte (line ${line})`);
    }
    line += countNewlines(text);
    return text;
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer | string, _enc, done) {
      try {
        const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
        done(null, check(text));
      } catch (err) {
        done(err instanceof CommerceError ? err : notCsv(`it is not UTF-8 text near line ${line}`));
      }
    },
    flush(done) {
      try {
        done(null, check(decoder.decode()));
      } catch (err) {
        done(err instanceof CommerceError ? err : notCsv('it ends inside a UTF-8 character'));
      }
    },
  });
}

function notCsv(why: string): CommerceError {
  return new CommerceError(
    'INVALID_INPUT',
    `The file is not a CSV text file: ${why}. Export it again as CSV (UTF-8); nothing was imported.`,
  );
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** csv-parse's own errors (an unclosed quote, a stray quote) as the merchant's sentence. */
function csvError(err: unknown): unknown {
  if (err instanceof CommerceError) return err;
  const e = err as { code?: unknown; message?: unknown; lines?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const detail = String(e.message ?? '').replace(/^Invalid [^:]*:\s*/, '');
    return new CommerceError(
      'INVALID_INPUT',
      `The file is not valid CSV (${detail.replace(/\.$/, '')}); fix the quoting there and upload it again.`,
    );
  }
  return err;
}

/**
 * The rows of a product CSV, streamed (RFC 4180: quoted fields with commas, quotes and line
 * breaks, CRLF or LF, a UTF-8 byte-order mark). Each row's `line` is the line it starts on,
 * counting the line breaks inside quoted fields, which is what a text editor shows.
 *
 * Refused before any row (CommerceError INVALID_INPUT): a file that is not UTF-8 text, is
 * empty, or whose first row has no Handle or Variant SKU column. A malformed quote later on
 * throws when it is met. A row with more or fewer fields than the header is returned with a
 * `problem` instead of stopping the file, so one bad row is reported like any other.
 */
export async function* readCsvRows(source: CsvSource): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: 1_000_000,
  });
  const piping = pipeline(Readable.from(source, { objectMode: false }), utf8Text(), parser).catch(
    (err: unknown) => {
      parser.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );
  let header: HeaderMap | null = null;
  let width = 0;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const { record, info } = item;
      const line = info.lines - record.reduce((n, f) => n + countNewlines(f), 0);
      if (!header) {
        header = readHeader(record);
        width = record.length;
        continue;
      }
      const values = new Map<ProductColumn, string>();
      for (const [column, index] of header) {
        const value = record[index] ?? '';
        // A body is HTML as written; every other value loses the spaces around it.
        values.set(column, column === 'Body (HTML)' ? value : value.trim());
      }
      yield record.length === width
        ? { line, values }
        : {
            line,
            values,
            problem: `This row has ${record.length} fields where the header has ${width}; check its quotes and commas.`,
          };
    }
  } catch (err) {
    throw csvError(err);
  } finally {
    parser.destroy();
    await piping;
  }
  if (!header)
    throw new CommerceError(
      'INVALID_INPUT',
      'The file is empty; upload a product CSV whose first row names the columns.',
    );
}
