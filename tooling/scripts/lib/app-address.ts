/**
 * Where an app listens and the public URL others use to reach it, from `<APP>_PORT` and
 * `<APP>_URL`. The port variable wins; else the URL's own port (`http://localhost:4000` listens
 * on 4000); else the default port (a URL without a port, such as `https://shop.example.com`,
 * names a proxy in front). The URL defaults to `http://localhost:<port>`.
 */
export function appAddress(options: { port?: number; url?: string; defaultPort: number }): {
  port: number;
  url: string;
} {
  const urlPort = options.url ? new URL(options.url).port : '';
  const port = options.port ?? (urlPort ? Number(urlPort) : options.defaultPort);
  const url = (options.url ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return { port, url };
}
