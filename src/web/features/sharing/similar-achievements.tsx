// 助企行 ↔ 共享平台: beside a demand, the published achievements that solved similar problems
// (the Chinese search over the demand's title and description), with their consenting
// authors as possible helpers. `<SimilarAchievements demand={d} />`.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { api } from '../../lib/api-client.ts';

interface Similar {
  items: {
    id: number;
    title: string;
    categoryName: string;
    enterpriseName: string;
    year: number;
    helpers: { name: string; title: string | null; userId: number | null }[];
  }[];
}

export function SimilarAchievements({ demand }: { demand: { title: string; description: string } }) {
  const text = `${demand.title}\n${demand.description}`.slice(0, 2000);
  const { data, isPending, isError } = useQuery({
    queryKey: ['sharing', 'similar', text],
    queryFn: () => api.get<Similar>('/api/achievements/similar', { text, limit: 5 }),
    staleTime: 60_000,
  });
  return (
    <Card
      size="small"
      title="解决过相似问题的创新成果（可能的帮手）"
      loading={isPending}
      data-testid="similar-achievements"
    >
      {isError ? (
        <Typography.Text type="secondary">相似成果暂时无法加载，不影响需求办理。</Typography.Text>
      ) : !data?.items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="共享平台上暂无相似的已发布成果" />
      ) : (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(a) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <a href={`/share/a/${a.id}`} target="_blank" rel="noreferrer">
                  {a.title}
                </a>
                <Typography.Text type="secondary">
                  <Tag>{a.categoryName}</Tag>
                  {a.year} 年 · {a.enterpriseName}
                </Typography.Text>
                <span>
                  可能的帮手：
                  {a.helpers.length
                    ? a.helpers.map((h) => `${h.name}${h.title ? `（${h.title}）` : ''}`).join('、')
                    : '完成人未同意公开，可经所在地工会联系'}
                </span>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
