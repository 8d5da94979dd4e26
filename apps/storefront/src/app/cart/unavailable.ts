/** What the cart says when it cannot be read (the page itself, and its error boundary). */
export const CART_UNAVAILABLE = {
  title: "We can't show your cart right now",
  message: "Your cart is safe. We couldn't reach it just now; please try again in a moment.",
};
