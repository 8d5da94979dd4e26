import { getAdminApi } from '~/server/api';
import { getLogger } from '~/server/shop';
import { actionMessage } from './action-message';

/** A server action's refusal: the sentence its form shows. */
export interface Refused {
  ok: false;
  message: string;
}

type AdminApi = Awaited<ReturnType<typeof getAdminApi>>;

/**
 * Runs a server action's calls to the admin router as the signed-in staff member (no session:
 * redirect to /sign-in): what `call` returns, or, when the router refuses, the refusal with its
 * sentence (`actionMessage`, which logs an unexpected failure under `where`). A redirect thrown
 * inside `call` goes through.
 */
export async function withAdminApi<T>(
  where: string,
  call: (api: AdminApi) => Promise<T>,
): Promise<T | Refused> {
  const api = await getAdminApi();
  try {
    return await call(api);
  } catch (err) {
    return { ok: false, message: actionMessage(err, getLogger(), where) };
  }
}
