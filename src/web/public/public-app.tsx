// Pages of the showcase: home (/share), search and filters (/share/search), detail
// (/share/a/:id). A tiny router over the History API keeps the bundle small.
import { type FormEvent, type MouseEvent, useEffect, useState } from 'react';
import {
  type Card,
  type Detail,
  fetchAchievement,
  fetchHome,
  type Home,
  MODE_LABELS,
  PATENT_LABELS,
  type Page,
  searchAchievements,
} from './api.ts';
import { IntentionForm } from './intention-form.tsx';

function usePath() {
  const [loc, setLoc] = useState(() => window.location.pathname + window.location.search);
  useEffect(() => {
    const on = () => setLoc(window.location.pathname + window.location.search);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return loc;
}

export function navigate(to: string) {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

function Link({ to, children, className }: { to: string; children: React.ReactNode; className?: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}

/** Loads once per `key` (the caller's dependencies in one string). */
function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for what `load` depends on
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e: Error) => live && setState({ error: e.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

function regionName(home: Home | undefined, code: string | null) {
  if (!home || !code) return '';
  for (const c of home.regions) {
    if (c.code === code) return c.name;
    const county = c.counties.find((x) => x.code === code);
    if (county) return `${c.name}${county.name}`;
  }
  return '';
}

function CardItem({ a, home, level = 3 }: { a: Card; home?: Home; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <li className="card">
      <H>
        <Link to={`/share/a/${a.id}`}>{a.title}</Link>
      </H>
      <p className="meta">
        <span className="tag">{a.categoryName}</span> {a.year} 年 · {regionName(home, a.countyCode)} ·{' '}
        {a.enterpriseName}
      </p>
      <p>{a.description}</p>
      {a.authors.length > 0 && <p className="meta">完成人：{a.authors.map((p) => p.name).join('、')}</p>}
    </li>
  );
}

function SearchBox({ initial = '' }: { initial?: string }) {
  const [q, setQ] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/share/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <search>
      <form className="search" onSubmit={submit}>
        <label htmlFor="q" className="sr-only">
          检索创新成果
        </label>
        <input
          id="q"
          name="q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="输入要解决的问题，如：机床主轴发热"
          maxLength={100}
        />
        <button type="submit">检索</button>
      </form>
    </search>
  );
}

function HomePage() {
  const { data, error } = useLoad(fetchHome, 'home');
  useEffect(() => {
    document.title = '职工创新共享平台 · 浙江省总工会';
  }, []);
  return (
    <>
      <section className="hero">
        <h1>职工创新共享平台</h1>
        <p>浙江省职工群众性创新成果的展示、检索与对接交易</p>
        <SearchBox />
      </section>
      {error && <p role="alert">{error}</p>}
      {data && (
        <>
          <ul className="figures" aria-label="平台数据">
            <li>
              <strong>{data.published}</strong>项已发布成果
            </li>
            <li>
              <strong>{data.enterprises}</strong>家企业
            </li>
            <li>
              <strong>{data.offers}</strong>项挂牌对接
            </li>
          </ul>
          <nav aria-label="成果类别" className="chips">
            {data.categories.map((c) => (
              <Link key={c.code} to={`/share/search?category=${c.code}`} className="chip">
                {c.name}
                {c.confirmed ? '' : '（待确认）'}
              </Link>
            ))}
          </nav>
          <h2>最新发布</h2>
          <ul className="cards">
            {data.latest.map((a) => (
              <CardItem key={a.id} a={a} home={data} />
            ))}
          </ul>
          <p>
            <Link to="/share/search">查看全部成果 →</Link>
          </p>
        </>
      )}
    </>
  );
}

function SearchPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const home = useLoad(fetchHome, 'home');
  const page = Number(params.get('page') ?? 1) || 1;
  params.set('pageSize', '10');
  const key = params.toString();
  const result = useLoad<Page<Card>>(() => searchAchievements(new URLSearchParams(key)), key);
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v);
    else p.delete(k);
    if (k === 'city') p.delete('county');
    p.delete('page');
    navigate(`/share/search?${p.toString()}`);
  };
  const city = params.get('city') ?? '';
  const counties = home.data?.regions.find((r) => r.code === city)?.counties ?? [];
  const years = Array.from({ length: 6 }, (_, i) => String(new Date().getFullYear() - i));
  useEffect(() => {
    document.title = `${params.get('q') || '成果检索'} · 职工创新共享平台`;
  });
  const select = (k: string, label: string, options: { code: string; name: string }[]) => (
    <label>
      {label}
      <select value={params.get(k) ?? ''} onChange={(e) => set(k, e.target.value)}>
        <option value="">全部</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <h1 className="page-title">成果检索</h1>
      <SearchBox key={params.get('q') ?? ''} initial={params.get('q') ?? ''} />
      <fieldset className="filters">
        <legend className="sr-only">筛选</legend>
        {select(
          'category',
          '类别',
          (home.data?.categories ?? []).map((c) => ({ code: c.code, name: c.name })),
        )}
        {select('city', '地市', home.data?.regions ?? [])}
        {select('county', '县（市、区）', counties)}
        {select('industry', '行业', home.data?.industries ?? [])}
        {select(
          'year',
          '年份',
          years.map((y) => ({ code: y, name: `${y} 年` })),
        )}
      </fieldset>
      {result.error && <p role="alert">{result.error}</p>}
      {result.data && (
        <>
          <p className="meta" aria-live="polite">
            共 {result.data.total} 项
          </p>
          <ul className="cards" data-testid="public-results">
            {result.data.items.map((a) => (
              <CardItem key={a.id} a={a} home={home.data} level={2} />
            ))}
          </ul>
          <nav className="pager" aria-label="翻页">
            {page > 1 && (
              <button type="button" onClick={() => set('page', String(page - 1))}>
                上一页
              </button>
            )}
            {page * 10 < result.data.total && (
              <button type="button" onClick={() => set('page', String(page + 1))}>
                下一页
              </button>
            )}
          </nav>
        </>
      )}
    </>
  );
}

function DetailPage({ id }: { id: string }) {
  const { data, error } = useLoad<Detail>(() => fetchAchievement(id), id);
  const home = useLoad(fetchHome, 'home');
  useEffect(() => {
    if (data) document.title = `${data.title} · 职工创新共享平台`;
  }, [data]);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p aria-busy="true">加载中…</p>;
  return (
    <article className="detail">
      <h1>{data.title}</h1>
      <p className="meta">
        <span className="tag">{data.categoryName}</span> {data.year} 年 ·{' '}
        {regionName(home.data, data.countyCode)} · {data.enterpriseName}
      </p>
      {data.images.length > 0 && (
        <div className="gallery">
          {data.images.map((img, i) => (
            <img
              key={img.url}
              src={img.url}
              alt={img.alt || `${data.title}（图 ${i + 1}）`}
              width={img.width}
              height={img.height}
              sizes="(max-width: 720px) 100vw, 640px"
              loading={i === 0 ? 'eager' : 'lazy'}
              decoding="async"
            />
          ))}
        </div>
      )}
      <h2>成果简介</h2>
      <p className="prose">{data.description}</p>
      {(data.benefitAmount !== null || data.benefitNote) && (
        <>
          <h2>应用效益</h2>
          <p>
            {data.benefitAmount !== null && <>经济效益约 {data.benefitAmount} 万元。</>}
            {data.benefitNote}
          </p>
        </>
      )}
      {data.authors.length > 0 && (
        <>
          <h2>完成人</h2>
          <ul className="plain">
            {data.authors.map((a) => (
              <li key={a.name}>
                {a.name}
                {a.title ? `（${a.title}）` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {data.patents.length > 0 && (
        <>
          <h2>知识产权</h2>
          <ul className="plain">
            {data.patents.map((p) => (
              <li key={p.number}>
                {p.number} · {PATENT_LABELS[p.kind] ?? p.kind}
              </li>
            ))}
          </ul>
        </>
      )}
      {data.awards.length > 0 && (
        <>
          <h2>获奖与荣誉</h2>
          <ul className="plain">
            {data.awards.map((a) => (
              <li key={`${a.name}${a.year}`}>
                {a.year} 年 {a.name}（{a.level}）
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>对接交易</h2>
      {data.offers.length === 0 ? (
        <p>暂未挂牌。如有合作需要，请联系所在地工会。</p>
      ) : (
        <ul className="plain" data-testid="public-offers">
          {data.offers.map((o) => (
            <li key={o.id} className="offer" id={`offer-${o.id}`}>
              <strong>{MODE_LABELS[o.mode] ?? o.mode}</strong>
              {o.price !== null
                ? ` · 挂牌价 ${o.price} 万元`
                : o.mode === 'free'
                  ? ' · 免费'
                  : o.negotiable
                    ? ' · 价格面议'
                    : ''}
              <span className="meta"> · 挂牌于 {o.listedOn}</span>
              <br />
              交易条件：{o.terms}
              <IntentionForm offerId={o.id} returnTo={`/share/a/${data.id}#offer-${o.id}`} />
            </li>
          ))}
        </ul>
      )}
      {data.files.length > 0 && (
        <>
          <h2>公开资料</h2>
          <ul className="plain" data-testid="public-files">
            {data.files.map((f) => (
              <li key={f.url}>
                <a href={f.url}>{f.name}</a>{' '}
                <span className="meta">（{Math.max(1, Math.round(f.size / 1024))} KB）</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/share/search">← 返回检索</Link>
      </p>
    </article>
  );
}

export function PublicApp() {
  const loc = usePath();
  const [path, search = ''] = loc.split('?');
  const detail = /^\/share\/a\/(\d+)\/?$/.exec(path);
  return (
    <>
      <a className="skip" href="#main">
        跳到正文
      </a>
      <header className="top">
        <Link to="/share" className="brand">
          匠心 · 职工创新共享平台
        </Link>
        <nav aria-label="主导航">
          <Link to="/share/search">成果检索</Link>
          <a href="/login">工作人员登录</a>
        </nav>
      </header>
      <main id="main">
        {detail ? (
          <DetailPage id={detail[1]} />
        ) : path.startsWith('/share/search') ? (
          <SearchPage search={search} />
        ) : (
          <HomePage />
        )}
      </main>
      <footer className="foot">浙江省总工会 · 职工技术协作与网络中心</footer>
    </>
  );
}
