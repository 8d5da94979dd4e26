import { z } from 'zod';
import { zPage, zPageInput } from './common';

const zFilterText = (what: string) =>
  z
    .string()
    .trim()
    .max(200, `${what} must be at most 200 characters`)
    .optional()
    .transform((value) => (value ? value : undefined));

/**
 * The audit log's filters, newest first, keyset-paged by id (`cursor`: the last id of the page
 * before). `actor` is a staff user's id or email, or `token:<id>`; `action` a procedure path
 * (`products.update`) or its start (`products.`); `target` a target type, optionally with its id
 * (`products` or `products:42`); `from`/`to` bound the time, both inclusive.
 */
export const zAuditListInput = zPageInput
  .extend({
    limit: zPageInput.shape.limit.default(50),
    actor: zFilterText('Actor'),
    action: zFilterText('Action'),
    target: zFilterText('Target'),
    from: z.coerce.date({ message: 'From must be a date' }).optional(),
    to: z.coerce.date({ message: 'To must be a date' }).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'The date range ends before it starts',
    path: ['to'],
  });
export type AuditListInput = z.input<typeof zAuditListInput>;

export const zAuditActorKind = z.enum(['staff', 'token']);

export const zAuditEntry = z.object({
  id: z.number().int(),
  createdAt: z.date(),
  actorKind: zAuditActorKind,
  actorId: z.string(),
  actorEmail: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof zAuditEntry>;

export const zAuditPage = zPage(zAuditEntry);
