import { describe, expect, it } from 'vitest';
import { ReadCache, UNTRACKED_WRITE, WriteGenerations, writtenTables } from './write-tracking.ts';

describe('writtenTables', () => {
  it.each([
    ['select * from "organizations" where id = $1', null],
    ['select id from sessions for update', null],
    ['select id from sessions for no key update skip locked', null],
    ['with t as (select 1) select * from t', null],
    ['insert into "organizations" ("name") values ($1)', ['organizations']],
    ['update "sessions" set "revoked_at" = $1 where "id" = $2', ['sessions']],
    ['delete from "user_roles" where "user_id" = $1', ['user_roles']],
    ['delete from only public.audit_log', ['audit_log']],
    ['insert into files (id) values (1) on conflict (id) do update set id = excluded.id', ['files']],
    ['with moved as (update a set x = 1 returning *) insert into b select * from moved', ['a', 'b']],
    ['truncate table organizations cascade', ['organizations']],
    ['  /* a comment */ update users set status = $1', ['users']],
    [`${UNTRACKED_WRITE} update sessions set last_seen_at = $1 where id = $2`, null],
    ['begin', null],
    ['commit', null],
    ['analyze "training_sessions"', null],
    ['vacuum (analyze) grants', null],
    ['create index x on organizations (name)', '*'],
    ['alter table organizations add column y int', '*'],
    ['do $$ begin perform 1; end $$', '*'],
  ])('%s', (text, expected) => {
    const got = writtenTables(text);
    expect(Array.isArray(got) ? [...got].sort() : got).toEqual(expected);
  });
});

describe('ReadCache', () => {
  it('serves a read until a table it read is written, and never a value read during a write', async () => {
    const gens = new WriteGenerations();
    const cache = new ReadCache(gens);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.read('k', ['a', 'b'], load)).toBe(1);
    expect(await cache.read('k', ['a', 'b'], load)).toBe(1);
    gens.bump(['c']);
    expect(await cache.read('k', ['a', 'b'], load)).toBe(1);
    gens.bump(['b']);
    expect(await cache.read('k', ['a', 'b'], load)).toBe(2);
    gens.bump('*');
    expect(await cache.read('k', ['a', 'b'], load)).toBe(3);
    // A write committed while the read runs: the value is stored under the older generation.
    await cache.read('k', ['a'], async () => {
      gens.bump(['a']);
      return ++loads;
    });
    expect(await cache.read('k', ['a'], load)).toBe(5);
    // While other processes' writes could go unseen, nothing is served from the cache.
    gens.trusted = false;
    expect(await cache.read('k', ['a'], load)).toBe(6);
    expect(await cache.read('k', ['a'], load)).toBe(7);
  });

  it('takes a write of a table as a write of its rollup, which its triggers keep', async () => {
    const gens = new WriteGenerations();
    const cache = new ReadCache(gens);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.read('r', ['rollup_grants'], load)).toBe(1);
    gens.bump(['studios']);
    expect(await cache.read('r', ['rollup_grants'], load)).toBe(1);
    gens.bump(['grants']);
    expect(await cache.read('r', ['rollup_grants'], load)).toBe(2);
    gens.bump(['rollup_grants']);
    expect(await cache.read('r', ['rollup_grants'], load)).toBe(3);
  });

  it('keeps only what `keep` accepts, and at most maxEntries', async () => {
    const cache = new ReadCache(new WriteGenerations(), { maxEntries: 2, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => ++loads;
    await cache.read(
      'none',
      [],
      async () => null,
      (v) => v !== null,
    );
    await cache.read('none', [], async () => {
      loads++;
      return null;
    });
    expect(loads).toBe(1);
    await cache.read('x', [], load);
    await cache.read('y', [], load);
    await cache.read('z', [], load); // evicts the oldest
    const before = loads;
    await cache.read('z', [], load);
    expect(loads).toBe(before);
  });
});
