import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS, type MetricDefinition } from './definitions.ts';
import { fieldsUsed, ROLLUPS, rollupFor, rollupMigrationSql } from './rollups.ts';

const setOf = (d: MetricDefinition) => ('hit' in d ? d.hit : d.records);

describe('rollups (decision 020)', () => {
  it('serve every metric on a rolled-up registry (growth aside), so none falls back to a scan unnoticed', () => {
    const rolled = new Set(ROLLUPS.map((r) => r.source));
    const served: string[] = [];
    for (const [key, def] of Object.entries(METRIC_DEFINITIONS)) {
      if (!rolled.has(setOf(def).source) || def.kind === 'growth') continue;
      expect(rollupFor(setOf(def), fieldsUsed(def)), key).not.toBeNull();
      served.push(key);
    }
    expect(served.length).toBe(23);
  });

  it('do not serve a metric that needs a field they do not keep, or another date', () => {
    const records = {
      source: 'training-sessions',
      where: [{ field: 'course', eq: 'TRIZ' }],
      when: { field: 'startDate', basis: 'date' as const },
    };
    expect(rollupFor(records, fieldsUsed({ kind: 'count', records }))).toBeNull();
    const other = { source: 'training-sessions', when: { field: 'endDate', basis: 'date' as const } };
    expect(rollupFor(other, fieldsUsed({ kind: 'count', records: other }))).toBeNull();
    // A kept dimension summed, or a summed field compared, would be wrong on rollup rows.
    const summedDim = { source: 'training-sessions', when: { field: 'startDate', basis: 'date' as const } };
    expect(rollupFor(summedDim, { values: [], presence: [], sums: ['triz'] })).toBeNull();
    expect(rollupFor(summedDim, { values: ['personTimes'], presence: [], sums: [] })).toBeNull();
    const kept = { source: 'training-sessions', when: { field: 'startDate', basis: 'date' as const } };
    expect(rollupFor(kept, fieldsUsed({ kind: 'sum', field: 'personTimes', records: kept }))).not.toBeNull();
  });

  it('are created by the migrations exactly as ROLLUPS generates them', () => {
    const dir = new URL('../../../../drizzle/', import.meta.url);
    const all = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    for (const spec of ROLLUPS) expect(all, spec.source).toContain(rollupMigrationSql(spec));
  });
});
