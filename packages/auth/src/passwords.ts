/** Staff passwords guard the whole shop: longer than better-auth's default minimum of 8. */
export const MIN_PASSWORD_LENGTH = 12;
/** better-auth's own maximum; longer inputs would be refused at sign-in anyway. */
export const MAX_PASSWORD_LENGTH = 128;
