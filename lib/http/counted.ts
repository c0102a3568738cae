// Request metrics, for route() and for the two routes that cannot go through it: better-auth's
// handler and the local driver's storage route answer for themselves, and without this their
// traffic (sign-ins, every local upload and image) would never be counted.
import { metrics, routeTemplate } from '@/lib/metrics/metrics';

/** Counts one answered request under its route template, with its duration. */
export function countRequest(request: Request, status: number, ms: number) {
  const template = routeTemplate(new URL(request.url).pathname);
  metrics().httpRequests.inc({ route: template, method: request.method, status });
  metrics().httpDuration.observe({ route: template, method: request.method }, ms / 1000);
}

/** A route handler that is counted like route()'s; a handler that throws counts as a 500. */
export function counted<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response> | Response) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(request, ...rest);
      status = response.status;
      return response;
    } finally {
      countRequest(request, status, performance.now() - started);
    }
  };
}
