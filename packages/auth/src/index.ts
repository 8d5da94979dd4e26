export { createAuth, type Auth, type CreateAuthOptions } from './auth';
export { hasStaffSessionCookie, staffCookiePrefix } from './cookies';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
export { isStaffRole, staffRoles } from './roles';
export { toStaffMember, type StaffSessionLike } from './session';
export {
  createStaffUser,
  DEMO_OWNER_EMAIL,
  DuplicateStaffEmailError,
  ensureDemoOwner,
  type DemoOwnerResult,
  type NewStaffUser,
} from './staff-users';
