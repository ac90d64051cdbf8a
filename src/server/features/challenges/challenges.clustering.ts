// 共性难题: open demands that ask for the same thing, grouped so that one 揭榜挂帅 challenge can
// answer them all. Two demands are linked when they share category and industry and their texts
// (title + description, jieba-segmented with the dispatch dictionary) have an idf-weighted
// cosine similarity of at least the threshold; a cluster is a connected group of linked demands
// (two or more). Every cluster says why: the pairs with their similarity and the shared terms.
// Pure: plain data in, plain data out.
import { termLabel, tokenize } from '../dispatch/text.ts';

export interface ClusterDemand {
  id: number;
  title: string;
  description: string;
  categoryId: number;
  industryDivision: string | null;
}

export interface ClusterLink {
  a: number;
  b: number;
  similarity: number;
}

export interface DemandCluster {
  demandIds: number[];
  categoryId: number;
  industryDivision: string | null;
  links: ClusterLink[];
  /** Terms that several demands of the cluster share, heaviest first (labels, not index keys). */
  sharedTerms: string[];
  /** The smallest similarity on the links that hold the cluster together. */
  minSimilarity: number;
}

export const DEFAULT_THRESHOLD = 0.3;

type Vector = Map<string, number>;

function vectors(docs: string[][]): Vector[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v: Vector = new Map();
    let norm = 0;
    for (const [t, f] of tf) {
      const w = (1 + Math.log(f)) * Math.log(1 + n / (df.get(t) ?? 1));
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

function cosine(a: Vector, b: Vector): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const x = big.get(t);
    if (x) s += w * x;
  }
  return s;
}

/** Groups demands into clusters of similar ones (largest first), each with its explanation. */
export function clusterDemands(
  list: readonly ClusterDemand[],
  threshold = DEFAULT_THRESHOLD,
): DemandCluster[] {
  const groups = new Map<string, ClusterDemand[]>();
  for (const d of list) {
    const k = `${d.categoryId}|${d.industryDivision ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const out: DemandCluster[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    // idf over the whole candidate set: a word every demand uses says little.
    const vs = vectors(members.map((d) => tokenize(`${d.title}\n${d.description}`)));
    const parent = members.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    };
    const links: { i: number; j: number; s: number }[] = [];
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const s = cosine(vs[i], vs[j]);
        if (s >= threshold) {
          links.push({ i, j, s });
          parent[find(i)] = find(j);
        }
      }
    const byRoot = new Map<number, number[]>();
    members.forEach((_, i) => {
      const r = find(i);
      byRoot.set(r, [...(byRoot.get(r) ?? []), i]);
    });
    for (const idx of byRoot.values()) {
      if (idx.length < 2) continue;
      const inside = new Set(idx);
      const own = links.filter((l) => inside.has(l.i) && inside.has(l.j));
      // Shared terms: in at least two of the cluster's demands, weighted by their summed weight.
      const weight = new Map<string, { w: number; n: number }>();
      for (const i of idx)
        for (const [t, w] of vs[i]) {
          const e = weight.get(t) ?? { w: 0, n: 0 };
          weight.set(t, { w: e.w + w, n: e.n + 1 });
        }
      const labels: string[] = [];
      for (const [t] of [...weight].filter(([, e]) => e.n >= 2).sort((x, y) => y[1].w - x[1].w)) {
        const l = termLabel(t);
        if (!labels.includes(l)) labels.push(l);
        if (labels.length >= 8) break;
      }
      const ds = idx.map((i) => members[i]);
      out.push({
        demandIds: ds.map((d) => d.id).sort((a, b) => a - b),
        categoryId: ds[0].categoryId,
        industryDivision: ds[0].industryDivision,
        links: own
          .map((l) => ({
            a: members[l.i].id,
            b: members[l.j].id,
            similarity: Math.round(l.s * 1000) / 1000,
          }))
          .sort((x, y) => y.similarity - x.similarity),
        sharedTerms: labels,
        minSimilarity: Math.round(Math.min(...own.map((l) => l.s)) * 1000) / 1000,
      });
    }
  }
  return out.sort((x, y) => y.demandIds.length - x.demandIds.length || x.demandIds[0] - y.demandIds[0]);
}
