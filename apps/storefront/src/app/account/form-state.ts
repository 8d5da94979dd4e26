/**
 * What the account forms' server actions answer, for `useActionState`. A failure carries one
 * sentence for the shopper (role="alert") and, where a field is at fault, a message for it; a
 * success carries the sentence shown in role="status".
 */
export type AccountFormState =
  | { status: 'idle' }
  | { status: 'success'; message: string }
  | {
      status: 'error';
      message: string;
      /** Input name -> sentence, shown under the input. */
      fieldErrors?: Record<string, string>;
      /** What was typed (never a password), so the form shows it again instead of resetting. */
      values?: Record<string, string>;
    };

export const idle: AccountFormState = { status: 'idle' };
