import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@shop/db/client';
import { runTransaction } from '@shop/db/transaction';
import { customerAddresses } from '@shop/db/schema';
import { zAddress, type Address } from '@shop/validators';
import { CommerceError } from '../errors';

/** A customer's saved address. */
export interface SavedAddress extends Address {
  id: number;
  isDefault: boolean;
}

/** Enough for anyone's real life; stops a script from filling the table through one account. */
export const MAX_SAVED_ADDRESSES = 50;

const columns = {
  id: customerAddresses.id,
  firstName: customerAddresses.firstName,
  lastName: customerAddresses.lastName,
  line1: customerAddresses.line1,
  line2: customerAddresses.line2,
  city: customerAddresses.city,
  postalCode: customerAddresses.postalCode,
  province: customerAddresses.province,
  countryCode: customerAddresses.countryCode,
  phone: customerAddresses.phone,
  isDefault: customerAddresses.isDefault,
};

const addressNotFound = () =>
  new CommerceError('NOT_FOUND', 'That address does not exist or was already removed.');

/** The customer's saved addresses: the default first, then in the order they were added. */
export async function listAddresses(
  db: Database,
  params: { customerId: string },
): Promise<SavedAddress[]> {
  return db
    .select(columns)
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, params.customerId))
    .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.id));
}

/**
 * Saves an address for the customer after validating it with `zAddress` (per-country postal
 * codes; an invalid address throws `INVALID_INPUT` with the first problem as the message and
 * the zod error as the cause). The first address saved becomes the default, as does one saved
 * with `isDefault`.
 */
export async function addAddress(
  db: Database,
  params: { customerId: string; address: unknown; isDefault?: boolean },
): Promise<SavedAddress> {
  const parsed = zAddress.safeParse(params.address);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CommerceError('INVALID_INPUT', first?.message ?? 'The address is not valid.', {
      cause: parsed.error,
    });
  }
  const address = parsed.data;
  return runTransaction(db, async (tx) => {
    // Serialises this customer's address writes, so the count and the default stay right when
    // two requests race (another customer's writes are not held up).
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('customer_addresses'), hashtext(${params.customerId}))`,
    );
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, params.customerId));
    if (count >= MAX_SAVED_ADDRESSES) {
      throw new CommerceError(
        'CONFLICT',
        `You can save up to ${MAX_SAVED_ADDRESSES} addresses. Remove one to add another.`,
      );
    }
    const isDefault = params.isDefault === true || count === 0;
    if (isDefault) {
      await tx
        .update(customerAddresses)
        .set({ isDefault: false })
        .where(
          and(
            eq(customerAddresses.customerId, params.customerId),
            eq(customerAddresses.isDefault, true),
          ),
        );
    }
    const [saved] = await tx
      .insert(customerAddresses)
      .values({ customerId: params.customerId, ...address, isDefault })
      .returning(columns);
    if (!saved) throw new Error('insert into customer_addresses returned no row');
    return saved;
  });
}

/**
 * Removes one of the customer's addresses; another customer's address (or one that does not
 * exist) is `NOT_FOUND`, never touched. Removing the default makes the oldest remaining address
 * the default, so a customer with addresses always has one.
 */
export async function deleteAddress(
  db: Database,
  params: { customerId: string; addressId: number },
): Promise<void> {
  await runTransaction(db, async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('customer_addresses'), hashtext(${params.customerId}))`,
    );
    const [removed] = await tx
      .delete(customerAddresses)
      .where(
        and(
          eq(customerAddresses.id, params.addressId),
          eq(customerAddresses.customerId, params.customerId),
        ),
      )
      .returning({ isDefault: customerAddresses.isDefault });
    if (!removed) throw addressNotFound();
    if (!removed.isDefault) return;
    const [oldest] = await tx
      .select({ id: customerAddresses.id })
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, params.customerId))
      .orderBy(asc(customerAddresses.id))
      .limit(1);
    if (oldest) {
      await tx
        .update(customerAddresses)
        .set({ isDefault: true })
        .where(eq(customerAddresses.id, oldest.id));
    }
  });
}

/**
 * Makes one of the customer's addresses the default (and no other); another customer's address
 * is `NOT_FOUND`.
 */
export async function setDefaultAddress(
  db: Database,
  params: { customerId: string; addressId: number },
): Promise<void> {
  await runTransaction(db, async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('customer_addresses'), hashtext(${params.customerId}))`,
    );
    const updated = await tx
      .update(customerAddresses)
      .set({ isDefault: sql`${customerAddresses.id} = ${params.addressId}` })
      .where(eq(customerAddresses.customerId, params.customerId))
      .returning({ id: customerAddresses.id, isDefault: customerAddresses.isDefault });
    // No row of this customer has the id: undo (nothing may lose its default) and refuse.
    if (!updated.some((row) => row.isDefault)) throw addressNotFound();
  });
}
