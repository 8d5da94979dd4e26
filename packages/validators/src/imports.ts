import { z } from 'zod';
import { zId } from './common';

/** A row of the file as the dry run or the import judged it (`line` as the file numbers it). */
export const zImportRowVerdict = z.object({
  line: z.number().int().positive(),
  handle: z.string(),
  sku: z.string(),
  verdict: z.enum(['created', 'updated', 'unchanged', 'rejected']),
  reason: z.string().optional(),
});
export type ImportRowVerdict = z.infer<typeof zImportRowVerdict>;

export const zImportRejection = z.object({
  line: z.number().int().positive(),
  handle: z.string(),
  sku: z.string(),
  reason: z.string(),
});

const zCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});

/** A product CSV import as the admin shows it: status, progress, the dry run, the refusals. */
export const zImportJob = z.object({
  id: zId,
  filename: z.string(),
  bytes: z.number().int(),
  status: z.enum(['uploaded', 'checking', 'checked', 'running', 'completed', 'failed']),
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  counts: zCounts,
  plan: z
    .object({
      counts: zCounts.extend({ rows: z.number().int() }),
      rows: z.array(zImportRowVerdict),
    })
    .nullable(),
  rejections: z.array(zImportRejection),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type ImportJobView = z.infer<typeof zImportJob>;

export const zImportJobInput = z.object({ importId: zId });

export const zImportListInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  before: zId.nullish(),
});

/** The largest product CSV the admin accepts (a 100,000-row file is about 40 MB). */
export const MAX_IMPORT_UPLOAD_BYTES = 64 * 1024 * 1024;

/** The file staff choose to import, checked in the browser before it is sent. */
export const zImportUpload = z.object({
  name: z.string().regex(/\.csv$/i, 'Choose a .csv file (export it from your spreadsheet as CSV).'),
  size: z
    .number()
    .int()
    .min(1, 'The file is empty.')
    .max(MAX_IMPORT_UPLOAD_BYTES, 'The file is larger than 64 MB; split it into smaller files.'),
});
