// The public showcase's pages, rendered on the server as plain HTML: the first paint needs no
// script, links and the search form work without one, and a phone downloads a few kilobytes
// (docs/decisions/015-showcase-server-rendered.md). The script of the page (src/web/public/
// main.ts) only adds the intention form and submits the filters on change.
// Everything interpolated is escaped by `html`; only `html` results pass through unescaped.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { OFFER_MODE_LABELS, PATENT_KIND_LABELS } from './sharing.schemas.ts';
import { findPublicAchievements, getPublicAchievement, getPublicHome, REGIONS } from './sharing.public.ts';
import {
  findPublicChallenges,
  getPublicChallenge,
  PUBLIC_CHALLENGE_STATES,
} from '../challenges/challenges.service.ts';

class Html {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}
type Part = Html | string | number | null | undefined | false | Part[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function part(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (p instanceof Html) return p.text;
  if (Array.isArray(p)) return p.map(part).join('');
  return escapeHtml(String(p));
}

/** A template whose interpolations are escaped (arrays are joined, false/null are nothing). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Html(out);
}

const MODE = OFFER_MODE_LABELS as Record<string, string>;
const PATENT = PATENT_KIND_LABELS as Record<string, string>;

function regionName(code: string | null) {
  if (!code) return '';
  for (const c of REGIONS) {
    if (c.code === code) return c.name;
    const county = c.counties.find((x) => x.code === code);
    if (county) return `${c.name}${county.name}`;
  }
  return '';
}

type CardData = Awaited<ReturnType<typeof findPublicAchievements>>['items'][number];

function card(a: CardData, level: 2 | 3) {
  const heading = html`<a href="/share/a/${a.id}">${a.title}</a>`;
  return html`<li class="card">
${level === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
<p class="meta"><span class="tag">${a.categoryName}</span> ${a.year} 年 · ${regionName(a.countyCode)} · ${a.enterpriseName}</p>
<p>${a.description}</p>
${a.authors.length > 0 && html`<p class="meta">完成人：${a.authors.map((p) => p.name).join('、')}</p>`}
</li>`;
}

function searchBox(q = '') {
  return html`<search><form class="search" method="get" action="/share/search">
<label for="q" class="sr-only">检索创新成果</label>
<input id="q" name="q" type="search" value="${q}" placeholder="输入要解决的问题，如：机床主轴发热" maxlength="100">
<button type="submit">检索</button>
</form></search>`;
}

function homePage(home: Awaited<ReturnType<typeof getPublicHome>>) {
  return html`<section class="hero">
<h1>职工创新共享平台</h1>
<p>浙江省职工群众性创新成果的展示、检索与对接交易</p>
${searchBox()}
</section>
<ul class="figures" aria-label="平台数据">
<li><strong>${home.published}</strong>项已发布成果</li>
<li><strong>${home.enterprises}</strong>家企业</li>
<li><strong>${home.offers}</strong>项挂牌对接</li>
</ul>
<nav aria-label="成果类别" class="chips">
${home.categories.map(
  (c) =>
    html`<a class="chip" href="/share/search?category=${encodeURIComponent(c.code)}">${c.name}${c.confirmed ? '' : '（待确认）'}</a>`,
)}
</nav>
<h2>最新发布</h2>
<ul class="cards">${home.latest.map((a) => card(a, 3))}</ul>
<p><a href="/share/search">查看全部成果 →</a></p>`;
}

const PAGE_SIZE = 10;

/** What the search page accepts from its address; anything malformed is simply ignored. */
function searchParams(params: URLSearchParams, thisYear: number) {
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  const pick = (k: string, re: RegExp) => {
    const v = params.get(k) ?? '';
    return re.test(v) ? v : undefined;
  };
  const year = Number(pick('year', /^\d{4}$/));
  const page = Number(pick('page', /^\d{1,4}$/) ?? 1);
  return {
    q: q || undefined,
    category: pick('category', /^[a-z0-9-]{1,40}$/),
    city: pick('city', /^\d{6}$/),
    county: pick('county', /^\d{6}$/),
    industry: pick('industry', /^[A-T]$/),
    year: year >= 1949 && year <= thisYear + 1 ? year : undefined,
    page: Math.min(Math.max(1, page), 1000),
    pageSize: PAGE_SIZE,
  };
}

async function searchPage(ctx: ServiceContext, params: URLSearchParams) {
  const thisYear = Number(ctx.clock.now().toISOString().slice(0, 4));
  const p = searchParams(params, thisYear);
  const [home, result] = await Promise.all([getPublicHome(ctx), findPublicAchievements(ctx, p)]);
  const counties = REGIONS.find((r) => r.code === p.city)?.counties ?? [];
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear - i));
  const select = (
    k: string,
    label: string,
    value: string | number | undefined,
    options: { code: string; name: string }[],
  ) =>
    html`<label>${label}<select name="${k}"><option value="">全部</option>${options.map(
      (o) =>
        html`<option value="${o.code}"${String(value ?? '') === o.code ? html` selected` : ''}>${o.name}</option>`,
    )}</select></label>`;
  const link = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...p, page, pageSize: undefined }))
      if (v !== undefined && !(k === 'page' && v === 1)) q.set(k, String(v));
    return `/share/search?${q.toString()}`;
  };
  const body = html`<h1 class="page-title">成果检索</h1>
${searchBox(p.q)}
<form class="filters" method="get" action="/share/search" aria-label="筛选">
${p.q ? html`<input type="hidden" name="q" value="${p.q}">` : ''}
${select(
  'category',
  '类别',
  p.category,
  home.categories.map((c) => ({ code: c.code, name: c.name })),
)}
${select('city', '地市', p.city, REGIONS)}
${select('county', '县（市、区）', p.county, counties)}
${select('industry', '行业', p.industry, home.industries)}
${select(
  'year',
  '年份',
  p.year,
  years.map((y) => ({ code: y, name: `${y} 年` })),
)}
<button type="submit" class="filters-go">筛选</button>
</form>
<p class="meta" aria-live="polite">共 ${result.total} 项</p>
<ul class="cards" data-testid="public-results">${result.items.map((a) => card(a, 2))}</ul>
<nav class="pager" aria-label="翻页">
${p.page > 1 && html`<a href="${link(p.page - 1)}">上一页</a>`}
${p.page * PAGE_SIZE < result.total && html`<a href="${link(p.page + 1)}">下一页</a>`}
</nav>`;
  return { title: `${p.q || '成果检索'} · 职工创新共享平台`, body };
}

function detailPage(d: Awaited<ReturnType<typeof getPublicAchievement>>) {
  const price = (o: (typeof d.offers)[number]) =>
    o.price !== null
      ? ` · 挂牌价 ${o.price} 万元`
      : o.mode === 'free'
        ? ' · 免费'
        : o.negotiable
          ? ' · 价格面议'
          : '';
  const returnTo = (offerId: number) => `/share/a/${d.id}#offer-${offerId}`;
  return html`<article class="detail">
<h1>${d.title}</h1>
<p class="meta"><span class="tag">${d.categoryName}</span> ${d.year} 年 · ${regionName(d.countyCode)} · ${d.enterpriseName}</p>
${
  d.images.length > 0 &&
  html`<div class="gallery">${d.images.map(
    (img, i) =>
      html`<img src="${img.url}" srcset="${img.srcset}" alt="${img.alt || `${d.title}（图 ${i + 1}）`}" width="${img.width}" height="${img.height}" sizes="(max-width: 720px) 100vw, 640px" loading="${i === 0 ? 'eager' : 'lazy'}" decoding="async">`,
  )}</div>`
}
<h2>成果简介</h2>
<p class="prose">${d.description}</p>
${
  (d.benefitAmount !== null || d.benefitNote) &&
  html`<h2>应用效益</h2><p>${d.benefitAmount !== null && `经济效益约 ${d.benefitAmount} 万元。`}${d.benefitNote}</p>`
}
${
  d.authors.length > 0 &&
  html`<h2>完成人</h2><ul class="plain">${d.authors.map((a) => html`<li>${a.name}${a.title ? `（${a.title}）` : ''}</li>`)}</ul>`
}
${
  d.patents.length > 0 &&
  html`<h2>知识产权</h2><ul class="plain">${d.patents.map((p) => html`<li>${p.number} · ${PATENT[p.kind] ?? p.kind}</li>`)}</ul>`
}
${
  d.awards.length > 0 &&
  html`<h2>获奖与荣誉</h2><ul class="plain">${d.awards.map((a) => html`<li>${a.year} 年 ${a.name}（${a.level}）</li>`)}</ul>`
}
<h2>对接交易</h2>
${
  d.offers.length === 0
    ? html`<p>暂未挂牌。如有合作需要，请联系所在地工会。</p>`
    : html`<ul class="plain" data-testid="public-offers">${d.offers.map(
        (o) => html`<li class="offer" id="offer-${o.id}">
<strong>${MODE[o.mode] ?? o.mode}</strong>${price(o)}<span class="meta"> · 挂牌于 ${o.listedOn}</span><br>
交易条件：${o.terms}
<div class="intention" data-intention="${o.id}" data-return="${returnTo(o.id)}">
<p class="intent-hint"><a href="/login?next=${encodeURIComponent(returnTo(o.id))}" data-testid="intention-login-${o.id}">企业联系人请登录后提交合作意向</a>（登录后自动回到本页）</p>
</div>
</li>`,
      )}</ul>`
}
${
  d.files.length > 0 &&
  html`<h2>公开资料</h2><ul class="plain" data-testid="public-files">${d.files.map(
    (f) =>
      html`<li><a href="${f.url}">${f.name}</a> <span class="meta">（${Math.max(1, Math.round(f.size / 1024))} KB）</span></li>`,
  )}</ul>`
}
<p><a href="/share/search">← 返回检索</a></p>
</article>`;
}

// —— 揭榜挂帅: the published calls, no personal data (the publishing union, problem, fund, dates) ——

type PublicChallenge = Awaited<ReturnType<typeof getPublicChallenge>>;
const CHALLENGE_TABS: { state?: string; name: string }[] = [
  { name: '全部' },
  { state: 'published', name: '揭榜中' },
  { state: 'reviewing', name: '评审中' },
  { state: 'awarded', name: '已定榜' },
  { state: 'in_progress', name: '攻关中' },
  { state: 'completed', name: '已完成' },
];

/** "300000.00" → "30 万元"; amounts under ten thousand stay in yuan. */
function fund(yuan: string) {
  const v = Number(yuan);
  return v >= 10_000
    ? `${(v / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 万元`
    : `${v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
}

function challengeCard(c: PublicChallenge) {
  return html`<li class="card" data-testid="public-challenge">
<h2><a href="/share/challenges/${c.id}">${c.title}</a></h2>
<p class="meta"><span class="tag">${c.stateLabel}</span> 榜单资金 ${fund(c.fundYuan)} · 揭榜截止 ${c.applyBy} · ${c.publisherName}</p>
<p>${c.problem.length > 120 ? `${c.problem.slice(0, 120)}…` : c.problem}</p>
</li>`;
}

async function challengesPage(ctx: ServiceContext, params: URLSearchParams) {
  const stateParam = params.get('state') ?? '';
  const state = (PUBLIC_CHALLENGE_STATES as string[]).includes(stateParam)
    ? (stateParam as PublicChallenge['state'])
    : undefined;
  const pageParam = params.get('page') ?? '1';
  const page = /^\d{1,4}$/.test(pageParam) ? Math.max(1, Number(pageParam)) : 1;
  const result = await findPublicChallenges(ctx, { page, pageSize: PAGE_SIZE, state });
  const link = (p: number) => {
    const q = new URLSearchParams();
    if (state) q.set('state', state);
    if (p > 1) q.set('page', String(p));
    const qs = q.toString();
    return `/share/challenges${qs ? `?${qs}` : ''}`;
  };
  const body = html`<h1 class="page-title">揭榜挂帅</h1>
<p>各级工会发布的企业共性技术难题，面向劳模工匠服务队和创新工作室公开揭榜。</p>
<nav class="chips" aria-label="榜单状态">
${CHALLENGE_TABS.map(
  (t) =>
    html`<a class="chip" href="${t.state ? `/share/challenges?state=${t.state}` : '/share/challenges'}"${t.state === state ? html` aria-current="page"` : ''}>${t.name}</a>`,
)}
</nav>
<p class="meta" aria-live="polite">共 ${result.total} 项</p>
${
  result.items.length
    ? html`<ul class="cards" data-testid="public-challenges">${result.items.map(challengeCard)}</ul>`
    : html`<p>暂无榜单。</p>`
}
<nav class="pager" aria-label="翻页">
${page > 1 && html`<a href="${link(page - 1)}">上一页</a>`}
${page * PAGE_SIZE < result.total && html`<a href="${link(page + 1)}">下一页</a>`}
</nav>`;
  return { title: '揭榜挂帅 · 职工创新共享平台', body };
}

function challengePage(c: PublicChallenge) {
  const next = `/zhuqi/challenges/${c.id}`;
  return html`<article class="detail" data-testid="public-challenge-detail">
<h1>${c.title}</h1>
<p class="meta"><span class="tag">${c.stateLabel}</span> ${c.publisherName}${c.categoryName ? ` · ${c.categoryName}` : ''}</p>
<dl class="facts">
<dt>榜单资金</dt><dd>${fund(c.fundYuan)}</dd>
<dt>揭榜截止</dt><dd>${c.applyBy}</dd>
<dt>完成期限</dt><dd>${c.completeBy}</dd>
<dt>发榜单位</dt><dd>${c.publisherName}</dd>
</dl>
<h2>攻关难题</h2>
<p class="prose">${c.problem}</p>
${c.requirements && html`<h2>揭榜要求</h2><p class="prose">${c.requirements}</p>`}
${
  c.state === 'published'
    ? html`<p><a href="/login?next=${encodeURIComponent(next)}" data-testid="challenge-login">劳模工匠服务队、创新工作室请登录后揭榜</a>（登录后自动转到本榜单）</p>`
    : html`<p class="meta">本榜单已截止揭榜。</p>`
}
<p><a href="/share/challenges">← 返回榜单列表</a></p>
</article>`;
}

function layout(body: Html) {
  return html`<a class="skip" href="#main">跳到正文</a>
<header class="top">
<a href="/share" class="brand">匠心 · 职工创新共享平台</a>
<nav aria-label="主导航"><a href="/share/search">成果检索</a><a href="/share/challenges">揭榜挂帅</a><a href="/login">工作人员登录</a></nav>
</header>
<main id="main">${body}</main>
<footer class="foot">浙江省总工会 · 职工技术协作与网络中心</footer>`;
}

/**
 * The showcase page at `url` (/share, /share/search?…, /share/a/:id) inside `template` (the
 * built public.html: its `<div id="root">` receives the page, its `<title>` the page's title).
 */
export async function renderShowcase(
  ctx: ServiceContext,
  url: URL,
  template: string,
): Promise<{ status: 200 | 404; html: string }> {
  const path = url.pathname.replace(/\/+$/, '') || '/share';
  let status: 200 | 404 = 200;
  let title = '职工创新共享平台 · 浙江省总工会';
  let body: Html;
  const detail = /^\/share\/a\/(\d{1,15})$/.exec(path);
  const call = /^\/share\/challenges\/(\d{1,15})$/.exec(path);
  if (call) {
    try {
      const c = await getPublicChallenge(ctx, Number(call[1]));
      title = `${c.title} · 揭榜挂帅 · 职工创新共享平台`;
      body = challengePage(c);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'NOT_FOUND') throw e;
      status = 404;
      title = '榜单不存在 · 职工创新共享平台';
      body = html`<h1 class="page-title">榜单不存在或尚未发布</h1><p><a href="/share/challenges">返回榜单列表</a></p>`;
    }
  } else if (path === '/share/challenges') {
    ({ title, body } = await challengesPage(ctx, url.searchParams));
  } else if (detail) {
    try {
      const d = await getPublicAchievement(ctx, Number(detail[1]));
      title = `${d.title} · 职工创新共享平台`;
      body = detailPage(d);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'NOT_FOUND') throw e;
      status = 404;
      title = '成果不存在 · 职工创新共享平台';
      body = html`<h1 class="page-title">成果不存在或尚未发布</h1><p><a href="/share/search">返回成果检索</a></p>`;
    }
  } else if (path === '/share/search') {
    ({ title, body } = await searchPage(ctx, url.searchParams));
  } else if (path === '/share') {
    body = homePage(await getPublicHome(ctx));
  } else {
    status = 404;
    body = html`<h1 class="page-title">页面不存在</h1><p><a href="/share">返回共享平台首页</a></p>`;
  }
  const page = template
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace('<div id="root"></div>', () => `<div id="root">${layout(body).text}</div>`);
  return { status, html: page };
}

/** The page around the showcase when the web app is not built (API tests, a bare server). */
export const BARE_SHOWCASE_TEMPLATE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1.0"><title>职工创新共享平台</title></head>
<body><div id="root"></div></body></html>`;

let cached: { file: string; mtimeMs: number; html: string } | null = null;

/**
 * The built public.html with its stylesheet inlined (one round trip less before the first
 * paint; the CSS is a few kilobytes), re-read after a rebuild; the bare page when not built.
 */
export function showcaseTemplate(webRoot: string | null | undefined): string {
  const file = webRoot ? join(webRoot, 'public.html') : null;
  if (!file || !existsSync(file)) return BARE_SHOWCASE_TEMPLATE;
  const { mtimeMs } = statSync(file);
  if (cached?.file === file && cached.mtimeMs === mtimeMs) return cached.html;
  const page = readFileSync(file, 'utf8').replace(
    /<link rel="stylesheet"[^>]*href="\/(assets\/[\w.-]+\.css)"[^>]*>/g,
    (tag, href: string) => {
      const css = join(webRoot!, href);
      return existsSync(css) ? `<style>${readFileSync(css, 'utf8').replace(/<\/style/gi, '')}</style>` : tag;
    },
  );
  cached = { file, mtimeMs, html: page };
  return page;
}
