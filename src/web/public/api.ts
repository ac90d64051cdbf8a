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
  images: { url: string; alt: string }[];
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
