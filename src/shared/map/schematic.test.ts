// The schematic county map: every county of GB/T 2260 once, in its city's block, no two
// tiles overlapping, the city blocks apart and roughly where the cities lie.
import { describe, expect, it } from 'vitest';
import { DIVISIONS } from '../orgs.ts';
import { CITY_BLOCKS, cityBounds, schematicMap, schematicTiles, shortCountyName } from './schematic.ts';

const counties = DIVISIONS.filter((d) => d.level === 'county');

function bbox(ring: [number, number][]) {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

describe('schematic map of Zhejiang', () => {
  const map = schematicMap();

  it('has 90 tiles, one per county, every county once', () => {
    expect(counties).toHaveLength(90);
    expect(map.features).toHaveLength(90);
    const codes = map.features.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(90);
    expect([...codes].sort()).toEqual(counties.map((c) => c.code).sort());
    // The feature name is the code (series data match by it); labels are short names.
    for (const f of map.features) expect(f.properties.name).toBe(f.properties.code);
  });

  it('puts each county in the block of its own city', () => {
    const parent = new Map(counties.map((c) => [c.code, c.parent]));
    for (const t of schematicTiles()) expect(t.cityCode).toBe(parent.get(t.code));
    expect(new Set(CITY_BLOCKS.map((b) => b.code)).size).toBe(11);
  });

  it('has no two tiles overlapping, each a closed square', () => {
    const boxes = map.features.map((f) => {
      const ring = f.geometry.coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      const b = bbox(ring);
      expect(b.x1 - b.x0).toBeCloseTo(b.y1 - b.y0);
      return b;
    });
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        expect(overlap, `${map.features[i].id} × ${map.features[j].id}`).toBe(false);
      }
    }
  });

  it('keeps the city blocks apart and roughly in place', () => {
    const b = cityBounds();
    const list = [...b.entries()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [ca, p] = list[i];
        const [cb, q] = list[j];
        const overlap =
          p.minCol <= q.maxCol && q.minCol <= p.maxCol && p.minRow <= q.maxRow && q.minRow <= p.maxRow;
        expect(overlap, `${ca} × ${cb}`).toBe(false);
      }
    }
    const mid = (code: string) => {
      const x = b.get(code)!;
      return { x: (x.minCol + x.maxCol) / 2, y: (x.minRow + x.maxRow) / 2 };
    };
    // 湖州 north-west of 嘉兴; 舟山 east of everything; 温州 and 丽水 in the south; 衢州 west of 金华.
    expect(mid('330500').x).toBeLessThan(mid('330400').x);
    for (const c of CITY_BLOCKS.filter((x) => x.code !== '330900'))
      expect(mid('330900').x).toBeGreaterThan(mid(c.code).x);
    expect(mid('330300').y).toBeGreaterThan(mid('330100').y);
    expect(mid('331100').y).toBeGreaterThan(mid('330700').y);
    expect(mid('330800').x).toBeLessThan(mid('330700').x);
    expect(mid('330200').x).toBeGreaterThan(mid('330600').x);
  });

  it('labels tiles with short names', () => {
    expect(shortCountyName('西湖区')).toBe('西湖');
    expect(shortCountyName('景宁畲族自治县')).toBe('景宁');
    expect(shortCountyName('建德市')).toBe('建德');
  });
});
