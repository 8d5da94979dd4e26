/** Tailwind CSS v4 runs as one PostCSS plugin; it finds class names in src/ by itself. */
export default {
  plugins: { '@tailwindcss/postcss': {} },
};
