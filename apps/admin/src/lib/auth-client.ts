import { createAuthClient } from 'better-auth/react';

/** Browser client for the admin's own /api/auth routes (same origin). */
export const authClient = createAuthClient({ basePath: '/api/auth' });
