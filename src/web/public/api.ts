// The showcase script's two calls: who is signed in (the staff app's session cookie), and
// sending an intention. The pages themselves come rendered from the server.

/** Who is signed in, or null. */
export interface Me {
  displayName: string;
  org: { name: string };
  permissions: string[];
  roles: string[];
}
export async function fetchMe(): Promise<Me | null> {
  const res = await fetch('/api/auth/me', { headers: { accept: 'application/json' } });
  if (res.status === 401) return null;
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `请求失败（${res.status}）`);
  return body as Me;
}

/** Sends an intention on an offer (signed-in enterprise contacts; same origin, so the CSRF check passes). */
export async function sendIntention(
  offerId: number,
  body: { message: string; contactName: string; contactPhone: string | null },
) {
  const res = await fetch(`/api/offers/${offerId}/intentions`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const issues: { path: string; message: string }[] = data?.error?.issues ?? [];
    const detail = issues.map((i) => i.message).join('；');
    throw new Error(
      res.status === 401
        ? '登录已过期，请重新登录后提交'
        : `${data?.error?.message ?? `提交失败（${res.status}）`}${detail ? `：${detail}` : ''}`,
    );
  }
  return data as { id: number };
}
