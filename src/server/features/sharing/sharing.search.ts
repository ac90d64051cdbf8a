// Chinese full-text search of achievements: jieba (with the domain dictionary) cuts title and
// description into tokens, stored as a `tsvector` (title weight A, description B) with a GIN
// index; a query is cut the same way, each token widened to its synonym group, joined by OR
// and ranked by ts_rank_cd. Lexemes are written as quoted tsvector/tsquery literals, so the
// server's locale never re-parses Chinese text (see docs/decisions/008-chinese-search.md).
import { add_word, cut_for_search } from 'jieba-wasm';
import { DOMAIN_WORDS, MEANINGFUL_SINGLES, STOP_WORDS, SYNONYM_GROUPS } from './sharing.dict.ts';

let ready = false;
function init() {
  if (ready) return;
  for (const w of DOMAIN_WORDS) add_word(w, 20_000, 'n');
  for (const g of SYNONYM_GROUPS) for (const w of g) if (w.length > 1) add_word(w, 5_000, 'n');
  ready = true;
}

const SYNONYMS = new Map<string, readonly string[]>();
for (const g of SYNONYM_GROUPS) {
  for (const w of g) {
    const key = w.toLowerCase();
    const prev = SYNONYMS.get(key) ?? [];
    SYNONYMS.set(key, [...new Set([...prev, ...g.map((x) => x.toLowerCase())])]);
  }
}

const WORDY = /[\p{Script=Han}\p{L}\p{N}]/u;
const HAN = /^\p{Script=Han}$/u;

/** The search tokens of a text: jieba's search-mode cut, lower-cased, without noise. */
export function tokenize(text: string): string[] {
  init();
  const out: string[] = [];
  for (const raw of cut_for_search(text.slice(0, 20_000), true)) {
    const t = raw.trim().toLowerCase();
    if (!t || !WORDY.test(t) || STOP_WORDS.has(t)) continue;
    if (t.length === 1 && HAN.test(t) && !MEANINGFUL_SINGLES.has(t)) continue;
    if (t.length > 60) continue;
    out.push(t);
  }
  return out;
}

/** A lexeme as a tsvector/tsquery literal: quoted, with quotes and backslashes escaped. */
function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsvector literal of an achievement: title tokens weighted A, the rest B. */
export function searchVector(title: string, body: string): string {
  const positions = new Map<string, { pos: number[]; weight: 'A' | 'B' }>();
  let pos = 1;
  const add = (tokens: string[], weight: 'A' | 'B') => {
    for (const t of tokens) {
      const e = positions.get(t);
      const p = Math.min(pos++, 16_383);
      if (e) {
        if (e.pos.length < 8) e.pos.push(p);
      } else positions.set(t, { pos: [p], weight });
    }
  };
  add(tokenize(title), 'A');
  add(tokenize(body), 'B');
  return [...positions.entries()]
    .map(([lex, { pos: ps, weight }]) => `${quote(lex)}:${ps.map((p) => `${p}${weight}`).join(',')}`)
    .join(' ');
}

/**
 * The query as groups of lexemes: one group per distinct word of the query, widened to its
 * synonyms. A document matches a group when it contains any of the group's lexemes.
 */
export function queryGroups(q: string, maxGroups = 12): string[][] {
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const t of tokenize(q.slice(0, 500))) {
    const g = [...new Set([t, ...(SYNONYMS.get(t) ?? [])])].sort();
    const key = g.join('|');
    if (seen.has(key)) continue;
    // A word already covered by a wider group (机床 inside 数控机床's group) adds nothing.
    if (groups.some((x) => g.every((w) => x.includes(w)))) continue;
    seen.add(key);
    groups.push(g);
    if (groups.length >= maxGroups) break;
  }
  return groups;
}

/** The tsquery literal of a group (`'a' | 'b'`), optionally restricted to a weight (`'a':A`). */
export function groupQuery(group: readonly string[], weight?: 'A'): string {
  return group.map((l) => (weight ? `${quote(l)}:${weight}` : quote(l))).join(' | ');
}
