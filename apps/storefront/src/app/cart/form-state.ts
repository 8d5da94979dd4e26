/**
 * What the cart and checkout server actions answer, for `useActionState`. A failure always
 * carries one sentence for the shopper (shown next to the form in role="alert").
 */
export type FormState =
  | { status: 'idle' }
  | { status: 'saved' }
  | {
      status: 'error';
      message: string;
      /** Input name -> sentence, for messages next to the fields. */
      fieldErrors?: Record<string, string>;
      /** What was submitted, so the form shows it again instead of resetting to the old values. */
      values?: Record<string, string>;
    };

export type AddToCartState =
  | { status: 'idle' }
  | { status: 'added'; itemCount: number; at: number }
  | { status: 'error'; message: string };

export const idle: FormState = { status: 'idle' };
