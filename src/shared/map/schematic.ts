// A schematic map of Zhejiang at county level: one square tile per county (GB/T 2260, the 90 of
// DIVISIONS), grouped in a block per city, the blocks placed roughly where the cities lie
// (湖州 NW, 嘉兴 NE, 杭州 W-centre, 绍兴 centre, 宁波 E, 舟山 in the sea, 衢州 W, 金华 centre,
// 台州 SE, 丽水 SW, 温州 S). No maintained npm package carries current county geometry (the
// ones published predate the 2021 Hangzhou district changes), and a tile map gives every county
// the same weight, which suits coverage targets. Generated as GeoJSON for `echarts.registerMap`.
// Coordinates are grid units: x eastward, y northward (y = -row).
import { DIVISIONS } from '../orgs.ts';

/** Where each city's block starts (top-left cell), how many tiles wide, and which way rows fill. */
export interface CityBlock {
  code: string;
  col: number;
  row: number;
  width: number;
  /** Fill rows east to west (杭州: the city districts lie to the north-east of the block). */
  rtl?: boolean;
}

export const CITY_BLOCKS: readonly CityBlock[] = [
  { code: '330500', col: 2, row: 0, width: 3 }, // 湖州 NW
  { code: '330400', col: 6, row: 0, width: 4 }, // 嘉兴 NE
  { code: '330900', col: 15, row: 2, width: 2 }, // 舟山 in the sea, far E
  { code: '330100', col: 0, row: 3, width: 5, rtl: true }, // 杭州 W-centre
  { code: '330600', col: 6, row: 3, width: 3 }, // 绍兴 centre
  { code: '330200', col: 10, row: 3, width: 4 }, // 宁波 E
  { code: '330800', col: 0, row: 7, width: 3 }, // 衢州 W
  { code: '330700', col: 4, row: 6, width: 3 }, // 金华 centre
  { code: '331000', col: 9, row: 7, width: 3 }, // 台州 SE
  { code: '331100', col: 1, row: 10, width: 3 }, // 丽水 SW
  { code: '330300', col: 6, row: 11, width: 4 }, // 温州 S
];

/** Inset of a tile inside its grid cell, so neighbouring tiles show a gap. */
export const TILE_GAP = 0.06;

export interface SchematicTile {
  code: string;
  name: string;
  /** The name without its 区/县/市 suffix, for the tile's label. */
  label: string;
  cityCode: string;
  cityName: string;
  col: number;
  row: number;
}

export interface SchematicFeature {
  type: 'Feature';
  id: string;
  properties: SchematicTile & { name: string };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
}

export interface SchematicMap {
  type: 'FeatureCollection';
  features: SchematicFeature[];
}

export function shortCountyName(name: string): string {
  const short = name.replace(/(畲族自治县|自治县|区|县|市)$/, '');
  return short.length >= 2 ? short : name;
}

/** The tiles: every county once, in its city's block, ordered by code inside the block. */
export function schematicTiles(): SchematicTile[] {
  const cities = new Map(DIVISIONS.filter((d) => d.level === 'prefecture').map((d) => [d.code, d.name]));
  const tiles: SchematicTile[] = [];
  for (const block of CITY_BLOCKS) {
    const counties = DIVISIONS.filter((d) => d.level === 'county' && d.parent === block.code).sort((a, b) =>
      a.code.localeCompare(b.code),
    );
    counties.forEach((c, i) => {
      const r = Math.floor(i / block.width);
      const k = i % block.width;
      tiles.push({
        code: c.code,
        name: c.name,
        label: shortCountyName(c.name),
        cityCode: block.code,
        cityName: cities.get(block.code) ?? block.code,
        col: block.col + (block.rtl ? block.width - 1 - k : k),
        row: block.row + r,
      });
    });
  }
  return tiles;
}

/** The tiles as GeoJSON (feature name = county code, so series data match by code). */
export function schematicMap(): SchematicMap {
  return {
    type: 'FeatureCollection',
    features: schematicTiles().map((t) => {
      const x0 = t.col + TILE_GAP;
      const x1 = t.col + 1 - TILE_GAP;
      const y0 = -(t.row + TILE_GAP);
      const y1 = -(t.row + 1 - TILE_GAP);
      return {
        type: 'Feature',
        id: t.code,
        properties: { ...t, name: t.code },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ],
          ],
        },
      };
    }),
  };
}

/** Each city's block as drawn (bounding box of its tiles), for labels and tests. */
export function cityBounds(tiles = schematicTiles()) {
  const out = new Map<string, { minCol: number; maxCol: number; minRow: number; maxRow: number }>();
  for (const t of tiles) {
    const b = out.get(t.cityCode);
    if (!b) out.set(t.cityCode, { minCol: t.col, maxCol: t.col, minRow: t.row, maxRow: t.row });
    else {
      b.minCol = Math.min(b.minCol, t.col);
      b.maxCol = Math.max(b.maxCol, t.col);
      b.minRow = Math.min(b.minRow, t.row);
      b.maxRow = Math.max(b.maxRow, t.row);
    }
  }
  return out;
}
