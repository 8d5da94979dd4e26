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
