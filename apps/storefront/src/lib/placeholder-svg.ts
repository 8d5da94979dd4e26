const WIDTH = 800;
const HEIGHT = 1000;
const MAX_LABEL = 40;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A product placeholder image (800x1000, 4:5) that depends only on `seed` and `label`, so it
 * can be cached forever. Consecutive seeds are spread around the colour wheel by the golden
 * angle so that neighbouring products look different.
 */
export function renderPlaceholderSvg(seed: number, label: string): string {
  const hue = Math.round((((seed * 137.508) % 360) + 360) % 360);
  const text = escapeXml(label.trim().slice(0, MAX_LABEL));
  const fontSize = text.length > 18 ? 48 : 64;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${text}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue} 45% 88%)"/><stop offset="1" stop-color="hsl(${(hue + 30) % 360} 40% 74%)"/>
</linearGradient></defs>
<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#g)"/>
<circle cx="${WIDTH / 2}" cy="${HEIGHT * 0.42}" r="190" fill="hsl(${hue} 35% 96%)" fill-opacity="0.55"/>
<text x="50%" y="${HEIGHT * 0.8}" text-anchor="middle" font-family="ui-sans-serif, system-ui, sans-serif" font-size="${fontSize}" font-weight="600" fill="hsl(${hue} 30% 22%)">${text}</text>
</svg>`;
}

/** Reads `seed` as an integer (anything else counts as 0). */
export function parseSeed(raw: string | null): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}
