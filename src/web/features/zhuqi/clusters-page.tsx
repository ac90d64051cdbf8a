// 共性难题: open demands of the scope grouped by similarity, each group with its demands and why
// they were grouped; the operator turns a group into a 揭榜挂帅 draft.
import { Button, Card, Empty, List, Slider, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCategories } from './api.ts';
import type { ChallengePrefill } from './challenges-page.tsx';
import { type Clusters, useClusters } from './challenges-api.ts';

type Cluster = Clusters['items'][number];

export function ClustersPage() {
  const [threshold, setThreshold] = useState(0.3);
  const clusters = useClusters(threshold);
  const cats = useCategories();
  const navigate = useNavigate();
  const toChallenge = (c: Cluster) => {
    const prefill: ChallengePrefill = {
      title: `${c.sharedTerms.slice(0, 3).join('、')}共性难题攻关`,
      problem: c.demands
        .map((d, i) => `${i + 1}. ${d.enterpriseName}：${d.title}——${d.description}`)
        .join('\n'),
      categoryId: c.categoryId,
      industryDivision: c.industryDivision,
      demandIds: c.demands.map((d) => d.id),
      clusterNote: c.reason,
    };
    navigate('/zhuqi/challenges', { state: { prefill } });
  };
  const items = clusters.data?.items ?? [];
  return (
    <Card
      title="共性难题"
      extra={<Link to="/zhuqi/challenges">揭榜挂帅榜单</Link>}
      data-testid="clusters-page"
    >
      <Typography.Paragraph type="secondary">
        平台把辖区内待派单的需求按文本相似度（结巴分词、逆文档频率加权的余弦相似度）归组，且同组需求的类别和行业相同。
        相似度阈值越高，分组越严。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12, width: 420 }}>
        <span>相似度阈值</span>
        <Slider
          style={{ width: 240 }}
          min={0.1}
          max={0.9}
          step={0.05}
          value={threshold}
          onChange={(v) => setThreshold(v as number)}
        />
        <span>{threshold.toFixed(2)}</span>
      </Space>
      {!items.length && !clusters.isLoading ? <Empty description="暂无可归并的共性难题" /> : null}
      <List
        loading={clusters.isLoading}
        dataSource={items}
        renderItem={(c) => (
          <Card
            key={c.key}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid="cluster-card"
            title={
              <Space wrap>
                <span>{c.demands.length} 条相似需求</span>
                <Tag>{cats.data?.find((x) => x.id === c.categoryId)?.name ?? c.categoryName}</Tag>
                {c.industryDivision ? <Tag>行业 {c.industryDivision}</Tag> : null}
              </Space>
            }
            extra={
              <Button type="primary" onClick={() => toChallenge(c)} data-testid="cluster-to-challenge">
                生成揭榜挂帅榜单
              </Button>
            }
          >
            <Typography.Paragraph data-testid="cluster-reason">
              <b>归组理由：</b>
              {c.reason}
            </Typography.Paragraph>
            <Space wrap style={{ marginBottom: 8 }}>
              {c.sharedTerms.map((term) => (
                <Tag color="blue" key={term}>
                  {term}
                </Tag>
              ))}
            </Space>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.demands}
              scroll={{ x: 700 }}
              columns={[
                {
                  title: '需求',
                  dataIndex: 'title',
                  render: (v: string, d) => <Link to={`/zhuqi/demands/${d.id}`}>{v}</Link>,
                },
                { title: '企业', dataIndex: 'enterpriseName' },
                { title: '县（市、区）', dataIndex: 'countyName' },
                {
                  title: '与组内最相似的需求',
                  render: (_: unknown, d) => {
                    const best = c.links
                      .filter((l) => l.a === d.id || l.b === d.id)
                      .sort((x, y) => y.similarity - x.similarity)[0];
                    if (!best) return null;
                    const other = best.a === d.id ? best.b : best.a;
                    return `#${other}（${best.similarity.toFixed(2)}）`;
                  },
                },
              ]}
            />
          </Card>
        )}
      />
    </Card>
  );
}
