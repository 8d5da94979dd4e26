/**
 * The checkout's labelled input is the same field the account forms use (label, hint, error tied
 * by aria-describedby); one component, two names for the two form families.
 */
export { AccountField as CheckoutField } from './account-field';
