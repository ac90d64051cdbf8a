import { describe, expect, it } from 'vitest';
import { type ClusterDemand, clusterDemands } from './challenges.clustering.ts';

const d = (
  id: number,
  title: string,
  description: string,
  categoryId = 1,
  industryDivision: string | null = '29',
) => ({ id, title, description, categoryId, industryDivision }) satisfies ClusterDemand;

describe('共性难题 clustering', () => {
  const similar = [
    d(1, '注塑件表面缩痕问题', '我厂注塑件表面出现缩痕和气泡，良品率低，需要优化注塑工艺参数和模具冷却。'),
    d(2, '注塑产品缩痕气泡多', '注塑成型后产品表面缩痕、气泡严重，希望专家帮助调整注塑工艺和模具冷却水路。'),
    d(3, '注塑工艺优化', '注塑件缩痕明显，模具冷却不均匀，想请工匠指导注塑工艺参数调整。'),
  ];
  const other = [
    d(4, '空压机能耗过高', '车间空压机用电量大，管网泄漏严重，希望做节能诊断和变频改造。'),
    d(5, '员工安全培训', '新入职员工多，需要开展职业安全健康培训和应急演练。'),
  ];

  it('groups similar demands and says why', () => {
    const clusters = clusterDemands([...similar, ...other]);
    expect(clusters).toHaveLength(1);
    const [c] = clusters;
    expect(c.demandIds).toEqual([1, 2, 3]);
    expect(c.links.length).toBeGreaterThanOrEqual(2);
    expect(c.minSimilarity).toBeGreaterThanOrEqual(0.3);
    expect(c.sharedTerms.some((t) => t.includes('注塑'))).toBe(true);
    expect(c.sharedTerms.some((t) => t.includes('缩痕'))).toBe(true);
  });

  it('keeps dissimilar demands apart', () => {
    expect(clusterDemands(other)).toEqual([]);
    expect(clusterDemands([similar[0], ...other])).toEqual([]);
  });

  it('never groups across categories or industries, however alike the texts', () => {
    const crossCategory = [similar[0], { ...similar[1], categoryId: 2 }];
    expect(clusterDemands(crossCategory)).toEqual([]);
    const crossIndustry = [similar[0], { ...similar[1], industryDivision: '34' }];
    expect(clusterDemands(crossIndustry)).toEqual([]);
  });

  it('a stricter threshold splits what a lax one joins', () => {
    const lax = clusterDemands(similar, 0.05);
    const strict = clusterDemands(similar, 0.99);
    expect(lax[0].demandIds).toEqual([1, 2, 3]);
    expect(strict).toEqual([]);
  });
});
