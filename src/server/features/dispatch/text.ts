// Text relevance: jieba segmentation with the domain dictionary, stop words, domain sub-terms
// and synonym groups, then BM25 of a demand against each candidate's specialties and past
// services. Pure functions over plain data; the jieba dictionary is loaded once per process.
import { add_word, cut } from 'jieba-wasm';
import { allDomainTerms, SYNONYM_GROUPS, STOP_WORDS } from './domain-dict.ts';

/** BM25 parameters (the usual ones). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** Prefix of a synonym group's index term (cannot collide with a jieba token: '~' is punctuation). */
export const SYNONYM_PREFIX = '~';

let expansions: Map<string, string[]> | null = null;

/** Loads the domain dictionary into jieba (once; ~0.5 s on the first call: jieba's own dictionary). */
export function ensureDictionary(): void {
  if (expansions) return;
  const terms = allDomainTerms();
  for (const t of terms) add_word(t, 200_000, 'nz');
  // For each domain term: the shorter domain terms inside it (注塑件 → 注塑; 数控机床 → 数控, 机床
  // when they are terms) and its synonym groups, so 注塑件 meets 注塑成型 through 注塑.
  const termSet = new Set(terms);
  const groups = new Map<string, string[]>();
  for (const g of SYNONYM_GROUPS)
    for (const w of g.words) groups.set(w, [...(groups.get(w) ?? []), SYNONYM_PREFIX + g.key]);
  const map = new Map<string, string[]>();
  for (const t of terms) {
    const extra = new Set<string>(groups.get(t) ?? []);
    for (const u of termSet) {
      if (u !== t && u.length >= 2 && u.length < t.length && t.includes(u)) {
        extra.add(u);
        for (const g of groups.get(u) ?? []) extra.add(g);
      }
    }
    if (extra.size) map.set(t, [...extra].sort());
  }
  expansions = map;
}

const DROP = /^[\p{P}\p{S}\p{Z}\d.]+$/u;

/**
 * Index terms of a text: jieba words (domain words kept whole), lower-cased, without stop
 * words, punctuation and numbers, each followed by its domain sub-terms and synonym groups.
 * Repeats are kept (they are the term frequencies).
 */
export function tokenize(text: string): string[] {
  ensureDictionary();
  const hit = cache.get(text);
  if (hit) return [...hit];
  const out = segment(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, out);
  return [...out];
}

/**
 * Texts already segmented (jieba is most of the index's build time): rebuilding the index
 * after a few candidates change segments only their texts. Cleared when it grows too big.
 */
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 200_000;

function segment(text: string): string[] {
  const out: string[] = [];
  for (const raw of cut(text, true)) {
    const w = raw.trim().toLowerCase();
    if (!w || DROP.test(w) || STOP_WORDS.has(w)) continue;
    const ext = expansions!.get(raw) ?? expansions!.get(w);
    // Single characters carry a subject only when the dictionary says so (泵).
    if (w.length === 1 && !ext && !/^[a-z]$/.test(w)) continue;
    out.push(w);
    if (ext) for (const e of ext) out.push(e);
  }
  return out;
}

/** Human label of an index term ('~节能', the synonym group, → '节能'). */
export function termLabel(t: string): string {
  return t.startsWith(SYNONYM_PREFIX) ? t.slice(1) : t;
}

/** An inverted index with BM25 weights computed at build time. */
export interface TextIndex {
  docCount: number;
  avgDocLength: number;
  /** term → documents (ascending) and each one's BM25 term weight tf·(k1+1)/(tf+k1·(1−b+b·dl/avgdl)). */
  postings: Map<string, { docs: Int32Array; weights: Float64Array }>;
  /** term → idf = ln(1 + (N − df + 0.5)/(df + 0.5)). */
  idf: Map<string, number>;
}

export function buildTextIndex(docs: readonly string[][]): TextIndex {
  const n = docs.length;
  let total = 0;
  for (const d of docs) total += d.length;
  const avg = n ? total / n || 1 : 1;
  const lists = new Map<string, { docs: number[]; weights: number[] }>();
  for (let i = 0; i < n; i++) {
    const tf = new Map<string, number>();
    for (const t of docs[i]) tf.set(t, (tf.get(t) ?? 0) + 1);
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * docs[i].length) / avg);
    for (const [t, f] of [...tf].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      let l = lists.get(t);
      if (!l) {
        l = { docs: [], weights: [] };
        lists.set(t, l);
      }
      l.docs.push(i);
      l.weights.push((f * (BM25_K1 + 1)) / (f + norm));
    }
  }
  const postings: TextIndex['postings'] = new Map();
  const idf = new Map<string, number>();
  for (const [t, l] of lists) {
    postings.set(t, { docs: Int32Array.from(l.docs), weights: Float64Array.from(l.weights) });
    idf.set(t, Math.log(1 + (n - l.docs.length + 0.5) / (l.docs.length + 0.5)));
  }
  return { docCount: n, avgDocLength: avg, postings, idf };
}

/** A query: its distinct terms that occur in the index, in a fixed order, and its norm. */
export interface TextQuery {
  terms: { term: string; idf: number; docs: Int32Array; weights: Float64Array }[];
  /** Σ idf·(k1+1) over those terms: the score of a short document with all of them. */
  norm: number;
}

export function prepareQuery(index: TextIndex, tokens: readonly string[]): TextQuery {
  const distinct = [...new Set(tokens)].sort();
  const terms: TextQuery['terms'] = [];
  let norm = 0;
  // Words no candidate has are left out: they cannot tell candidates apart, and the
  // norm is then the score of a candidate that has every other word of the demand.
  for (const t of distinct) {
    const p = index.postings.get(t);
    if (!p) continue;
    const idf = index.idf.get(t)!;
    norm += idf * (BM25_K1 + 1);
    terms.push({ term: t, idf, docs: p.docs, weights: p.weights });
  }
  return { terms, norm };
}

/** Adds the query's BM25 score of every document into `acc` (which the caller zeroes). */
export function accumulate(q: TextQuery, acc: Float64Array): void {
  for (const { idf, docs, weights } of q.terms) {
    for (let k = 0; k < docs.length; k++) acc[docs[k]] += idf * weights[k];
  }
}

/** One document's BM25 score and the terms that made it, in the same order as `accumulate`. */
export function scoreOne(
  q: TextQuery,
  doc: number,
): { raw: number; matched: { term: string; part: number }[] } {
  let raw = 0;
  const matched: { term: string; part: number }[] = [];
  for (const { term, idf, docs, weights } of q.terms) {
    const k = binarySearch(docs, doc);
    if (k < 0) continue;
    const part = idf * weights[k];
    raw += part;
    matched.push({ term, part });
  }
  return { raw, matched };
}

function binarySearch(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === x) return mid;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
