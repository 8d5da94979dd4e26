import { parseSeed, renderPlaceholderSvg } from '~/lib/placeholder-svg';

/** Demo product images: `/media/placeholder.svg?seed=12&label=Tee`. Same query, same bytes. */
export function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const svg = renderPlaceholderSvg(
    parseSeed(searchParams.get('seed')),
    searchParams.get('label') ?? '',
  );
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      // The SVG is ours, but never let it run script if opened directly.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
