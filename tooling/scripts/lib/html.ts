/**
 * Text as React renders it into HTML, so a test can look for a title in a served page: the five
 * characters React escapes, escaped the same way.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#x27;');
}
