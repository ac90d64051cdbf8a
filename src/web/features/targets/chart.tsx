// ECharts for 任务督办, only the parts used (echarts/core keeps the chunk small): bars, lines,
// the gauge and the map, with tooltips, grid, legend and the visual map; the SVG renderer (crisp
// at any zoom, and its shapes are elements a browser test can find). The schematic county map
// is registered once, here.
import { BarChart, GaugeChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';
import { schematicMap } from '#shared/map/schematic.ts';

echarts.use([
  BarChart,
  LineChart,
  GaugeChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export const SCHEMATIC_MAP = 'zhejiang-schematic';
// biome-ignore lint/suspicious/noExplicitAny: ECharts takes GeoJSON as a loose object.
echarts.registerMap(SCHEMATIC_MAP, schematicMap() as any);

// biome-ignore lint/suspicious/noExplicitAny: options are ECharts' own loose objects.
export type ChartOption = Record<string, any>;
export interface ChartClick {
  name?: string;
  dataIndex?: number;
  seriesType?: string;
  data?: unknown;
}

export function EChart({
  option,
  style,
  onClick,
  testId,
}: {
  option: ChartOption;
  style?: CSSProperties;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (e) => click.current?.(e as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ width: '100%', height: 320, ...style }} data-testid={testId} />;
}
