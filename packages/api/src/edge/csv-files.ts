import { randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Permission, StaffMember } from '@shop/core';
import {
  createImportJob,
  exportOrdersCsv,
  exportProductsCsv,
  getImportJob,
  rejectionsCsv,
  type ImportJob,
} from '@shop/csv-io';
import type { Database } from '@shop/db/client';
import type { Logger } from '@shop/logger';
import type { Storage } from '@shop/storage';
import { MAX_IMPORT_UPLOAD_BYTES } from '@shop/validators';
import { bodyTooLarge, RequestRejectedError } from './body';
import { newRequestId, REQUEST_ID_HEADER, runWithRequestId } from './request-id';
import { answerRouteError, authorizeStaff, fail } from './staff-route';

export interface CsvFileDeps {
  db: Database;
  storage: Storage;
  getStaff: () => Promise<StaffMember | null>;
  logger: () => Logger;
  maxBytes?: number;
}

/** The caller and its permission, or the 401/403 answer. */
function authorize(
  deps: CsvFileDeps,
  permission: Permission,
  requestId: string,
): Promise<StaffMember | Response> {
  return authorizeStaff(deps.getStaff, permission, requestId);
}

function answerError(err: unknown, deps: CsvFileDeps, req: Request, requestId: string): Response {
  return answerRouteError(err, deps.logger, `csv ${new URL(req.url).pathname}`, requestId);
}

/** Counts bytes as they pass and fails the stream at the limit, so an upload is never held whole. */
function byteLimit(maxBytes: number, seen: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen.bytes += chunk.byteLength;
      if (seen.bytes > maxBytes) done(bodyTooLarge(maxBytes));
      else done(null, chunk);
    },
  });
}

/**
 * `POST /api/imports` with the CSV file itself as the body and its name in `x-filename`
 * (URL-encoded). The caller (401) and `products:write` (403) are checked first, then the body is
 * streamed to storage under `imports/<uuid>.csv`, cut off at `maxBytes` (413, the partial file
 * removed), an empty body refused (400); the job is then recorded with its dry run queued
 * (`createImportJob`) and answered (201). The file is judged as CSV by the dry run, which marks
 * the job failed with a sentence when it is not.
 */
export async function handleImportUpload(req: Request, deps: CsvFileDeps): Promise<Response> {
  const requestId = newRequestId();
  return runWithRequestId(requestId, async () => {
    const key = `imports/${randomUUID()}.csv`;
    let stored = false;
    try {
      const staff = await authorize(deps, 'products:write', requestId);
      if (staff instanceof Response) return staff;
      const maxBytes = deps.maxBytes ?? MAX_IMPORT_UPLOAD_BYTES;
      const declared = Number(req.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) throw bodyTooLarge(maxBytes);
      if (!req.body)
        return fail(
          400,
          'BAD_REQUEST',
          'The upload is empty: send the CSV file as the request body.',
          requestId,
        );
      const seen = { bytes: 0 };
      const body = byteLimit(maxBytes, seen);
      // The limiter's error reaches the storage's put, which rejects; the pipeline's own copy of
      // it is dropped here.
      pipeline(Readable.fromWeb(req.body as WebReadableStream), body).catch(() => undefined);
      stored = true;
      await deps.storage.put(key, body, { contentType: 'text/csv' });
      if (seen.bytes === 0) {
        await deps.storage.delete(key);
        stored = false;
        return fail(
          400,
          'BAD_REQUEST',
          'The upload is empty: send the CSV file as the request body.',
          requestId,
        );
      }
      const job: ImportJob = await createImportJob(deps.db, {
        filename: filenameOf(req.headers.get('x-filename')),
        storageKey: key,
        bytes: seen.bytes,
        createdBy: staff.email,
      });
      return Response.json(
        { importId: job.id, status: job.status },
        { status: 201, headers: { [REQUEST_ID_HEADER]: requestId } },
      );
    } catch (err) {
      if (stored) await deps.storage.delete(key).catch(() => undefined);
      return answerError(err, deps, req, requestId);
    }
  });
}

function filenameOf(header: string | null): string {
  let name = header ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // kept as sent
  }
  name = [...name]
    .filter((c) => c.charCodeAt(0) >= 0x20)
    .join('')
    .trim();
  return name === '' ? 'products.csv' : name.slice(0, 255);
}

function csvResponse(
  chunks: AsyncGenerator<string>,
  filename: string,
  requestId: string,
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      [REQUEST_ID_HEADER]: requestId,
    },
  });
}

/** `GET /api/exports/products.csv` (`products:read`): the catalog in the import's layout, streamed. */
export async function handleProductsExport(req: Request, deps: CsvFileDeps): Promise<Response> {
  const requestId = newRequestId();
  return runWithRequestId(requestId, async () => {
    try {
      const staff = await authorize(deps, 'products:read', requestId);
      if (staff instanceof Response) return staff;
      return csvResponse(exportProductsCsv(deps.db), 'products.csv', requestId);
    } catch (err) {
      return answerError(err, deps, req, requestId);
    }
  });
}

/** `YYYY-MM-DD` (midnight UTC) or a full ISO time; '' or absent: unbounded. */
function dateParam(value: string | null, name: string): Date | null {
  if (value === null || value === '') return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new RequestRejectedError(
      400,
      `"${name}" must be a date such as 2026-01-31 (got "${value.slice(0, 40)}").`,
    );
  return date;
}

/**
 * `GET /api/exports/orders.csv?from=&to=` (`orders:read`): orders placed from `from` (included)
 * to `to` (excluded), one row per line, streamed. A bad date is a 400 with a sentence.
 */
export async function handleOrdersExport(req: Request, deps: CsvFileDeps): Promise<Response> {
  const requestId = newRequestId();
  return runWithRequestId(requestId, async () => {
    try {
      const staff = await authorize(deps, 'orders:read', requestId);
      if (staff instanceof Response) return staff;
      const url = new URL(req.url);
      const from = dateParam(url.searchParams.get('from'), 'from');
      const to = dateParam(url.searchParams.get('to'), 'to');
      if (from && to && from >= to)
        throw new RequestRejectedError(400, '"from" must be before "to".');
      return csvResponse(exportOrdersCsv(deps.db, { from, to }), 'orders.csv', requestId);
    } catch (err) {
      return answerError(err, deps, req, requestId);
    }
  });
}

/**
 * `GET /api/imports/<id>/report.csv` (`products:read`): the rows the import (or, before it ran,
 * the dry run) refused, with line numbers and reasons. An id that is not a number is a 404.
 */
export async function handleImportReport(
  req: Request,
  idText: string,
  deps: CsvFileDeps,
): Promise<Response> {
  const requestId = newRequestId();
  return runWithRequestId(requestId, async () => {
    try {
      const staff = await authorize(deps, 'products:read', requestId);
      if (staff instanceof Response) return staff;
      if (!/^\d{1,15}$/.test(idText))
        return fail(404, 'NOT_FOUND', `Import ${idText.slice(0, 40)} does not exist.`, requestId);
      const job = await getImportJob(deps.db, Number(idText));
      async function* once() {
        yield rejectionsCsv(job.rejections);
      }
      return csvResponse(once(), `import-${job.id}-rejected-rows.csv`, requestId);
    } catch (err) {
      return answerError(err, deps, req, requestId);
    }
  });
}
