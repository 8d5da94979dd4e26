import { NextResponse, type NextRequest } from 'next/server';
import { hasStaffSessionCookie } from '@shop/auth/cookies';

/**
 * Sends visitors without a session cookie to /sign-in before any page renders. The cookie is
 * not verified here (no database in the proxy): every page and server action checks the
 * session again with `requireStaff()`, and API routes answer 401 themselves.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // /accept-invite is where an invitee, who has no account yet, sets their password.
  if (pathname === '/sign-in' || pathname === '/accept-invite' || hasStaffSessionCookie(request))
    return NextResponse.next();
  const signIn = new URL('/sign-in', request.url);
  if (pathname !== '/') signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything but API routes (/api/auth must stay reachable; /api/trpc answers 401 itself, and
  // integrations call it with an `Authorization: Bearer` API token and no cookie at all),
  // Next's own assets and static files.
  matcher: [
    '/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml)$).*)',
  ],
};
