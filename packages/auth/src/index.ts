export { createAuth, type Auth, type CreateAuthOptions } from './auth';
export { hasStaffSessionCookie, staffCookiePrefix } from './cookies';
export {
  createCustomerAuth,
  customerCookiePrefix,
  hasCustomerSessionCookie,
  MIN_CUSTOMER_PASSWORD_LENGTH,
  PASSWORD_RESET_EXPIRES_IN,
  readSetCookies,
  toCustomer,
  type AuthCookie,
  type CreateCustomerAuthOptions,
  type CustomerAuth,
  type CustomerSessionLike,
  type SignedInCustomer,
} from './customer-auth';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
export { isStaffRole, staffRoles } from './roles';
export { toStaffMember, type StaffSessionLike } from './session';
export {
  acceptInvite,
  createStaffUser,
  DEMO_OWNER_EMAIL,
  DuplicateStaffEmailError,
  ensureDemoOwner,
  type DemoOwnerResult,
  type NewStaffUser,
} from './staff-users';
