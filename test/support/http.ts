// A small HTTP client for the end-to-end tests: JSON in, status + JSON (or problem) out.
export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
) {
  const response = await fetch(url, {
    method: options.method ?? (options.body !== undefined || options.rawBody !== undefined ? 'POST' : 'GET'),
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json: any = text ? JSON.parse(text) : null;
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    location: response.headers.get('location'),
    json,
  };
}

/** Polls until `check` passes or `attempts` run out; for work a background poller does. */
export async function eventually<T>(check: () => Promise<T>, attempts = 200): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw lastError;
}
