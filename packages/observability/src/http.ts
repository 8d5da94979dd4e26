import { metrics } from './metrics';

/**
 * A route handler that reports each request to `http_request_duration_seconds` under `route`
 * (its pattern, such as `/api/ready`: a fixed label, never the URL). A thrown error counts as a 500
 * and is thrown on.
 */
export function httpMetrics<Args extends unknown[]>(
  route: string,
  handler: (req: Request, ...rest: Args) => Promise<Response> | Response,
): (req: Request, ...rest: Args) => Promise<Response> {
  return async (req, ...rest) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(req, ...rest);
      status = response.status;
      return response;
    } finally {
      metrics.observeRequest(route, req.method, status, (performance.now() - started) / 1000);
    }
  };
}
