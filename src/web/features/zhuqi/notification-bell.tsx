// The bell in the header: unread count, the latest notifications, a click opens the subject.
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../../lib/i18n.tsx';
import { useMarkRead, useNotifications, useUnreadCount } from './api.ts';
import { fmtTime } from './labels.tsx';
import { m } from './messages.ts';

export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const list = useNotifications(open);
  const mark = useMarkRead();
  const content = (
    <div style={{ width: 320, maxWidth: '85vw' }} data-testid="notification-list">
      {(list.data?.items ?? []).length === 0 ? (
        <Empty description={t(m.noNotifications)} />
      ) : (
        <List
          size="small"
          dataSource={list.data?.items ?? []}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1 }}
              onClick={() => {
                if (!n.readAt) mark.mutate(n.id);
                setOpen(false);
                if (n.link) navigate(n.link);
              }}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <>
                    {n.body ? <div>{n.body}</div> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Button size="small" type="link" onClick={() => mark.mutate('all')}>
        {t(m.markAllRead)}
      </Button>
    </div>
  );
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      content={content}
      title={t(m.notifications)}
      placement="bottomRight"
    >
      <Badge count={unread.data?.unread ?? 0} size="small">
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t(m.notifications)}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}
