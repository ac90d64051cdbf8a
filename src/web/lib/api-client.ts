// The one way the web talks to the API: JSON in and out, the session cookie sent by the
// browser, and every failure turned into an ApiError carrying the server's Chinese message.
import type { ErrorIssue } from '#shared/errors.ts';
import { tr } from './i18n.tsx';
import { common } from './messages.ts';

export type Query = Record<string, string | number | boolean | null | undefined>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    const form = body instanceof FormData;
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined || form
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', tr(common.networkError));
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; issues?: ErrorIssue[] } } | null)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? (res.status >= 500 ? 'INTERNAL' : 'HTTP'),
      e?.message ?? tr(common.httpError, { status: res.status }),
      e?.issues ?? [],
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string, query?: Query) => request<T>('DELETE', withQuery(path, query)),
  /** One file as multipart/form-data (field `file`); the answer is JSON. */
  upload: <T>(path: string, file: File, query?: Query) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return request<T>('POST', withQuery(path, query), body);
  },
};
