import type { ReactNode } from 'react';

/** The narrow centred column of the sign-in, register and password pages. */
export function AuthCard({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-10 sm:py-16">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {intro ? <div className="mt-2 text-neutral-600">{intro}</div> : null}
      <div className="mt-6 rounded-lg border border-neutral-200 bg-white p-5 shadow-xs sm:p-6">
        {children}
      </div>
      {footer ? <div className="mt-6 text-center text-sm text-neutral-600">{footer}</div> : null}
    </div>
  );
}
