// The showcase's few calls to the public API (no session, no antd, no query library).
export interface Card {
  id: number;
  title: string;
  year: number;
  description: string;
  benefitAmount: number | null;
  cityCode: string | null;
  countyCode: string | null;
  categoryName: string;
  enterpriseName: string;
  authors: { name: string; title: string | null }[];
}
export interface Detail extends Card {
  benefitNote: string | null;
  patents: { number: string; kind: string }[];
  awards: { name: string; level: string; year: number }[];
  authors: { name: string; title: string | null; role: string | null }[];
  offers: {
    id: number;
    mode: string;
    terms: string;
    price: number | null;
    negotiable: boolean;
    listedOn: string;
  }[];
  images: { url: string; alt: string; width: number; height: number }[];
  files: { url: string; name: string; size: number; mimeType: string }[];
}
export interface Home {
  regions: { code: string; name: string; counties: { code: string; name: string }[] }[];
  industries: { code: string; name: string }[];
  published: number;
  enterprises: number;
  offers: number;
  latest: Card[];
  categories: { code: string; name: string; confirmed: boolean }[];
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `请求失败（${res.status}）`);
  return body as T;
}

/** Who is signed in (the staff app's session cookie), or null. */
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

/** Sends an intention on an offer (signed-in enterprise contacts; same-origin, so CSRF passes). */
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

let home: Promise<Home> | null = null;
export const fetchHome = () => (home ??= get<Home>('/api/public/home'));
export const searchAchievements = (params: URLSearchParams) =>
  get<Page<Card>>(`/api/public/achievements?${params.toString()}`);
export const fetchAchievement = (id: string) =>
  get<Detail>(`/api/public/achievements/${encodeURIComponent(id)}`);

export const MODE_LABELS: Record<string, string> = {
  transfer: '转让',
  license: '许可',
  cooperation: '合作',
  free: '免费共享',
};
export const PATENT_LABELS: Record<string, string> = {
  invention: '发明专利',
  utility: '实用新型',
  design: '外观设计',
  software: '软件著作权',
};
