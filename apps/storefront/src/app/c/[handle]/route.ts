// A region-less URL of before: a redirect, per shopper, into their region (see `regionRedirect`).
export { regionRedirect as GET } from '~/server/region';
