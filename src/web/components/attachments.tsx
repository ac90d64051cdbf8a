// Evidence files (佐证材料) of any owner — a registry record, a report, a project: the list,
// upload (PDF, JPG, PNG, Word, Excel; ≤ 20 MB; the server checks the content, not the name),
// download and delete. `<Attachments ownerType="studios" ownerId={12} />`. For a form whose
// owner does not exist yet, `<PendingFiles>` keeps the chosen files and `uploadPending` sends
// them once the owner is saved.
import { DeleteOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, List, Popconfirm, Space, Typography, Upload } from 'antd';
import type { Dispatch, SetStateAction } from 'react';
import { api } from '../lib/api-client.ts';
import { useI18n } from '../lib/i18n.tsx';
import { common } from '../lib/messages.ts';
import { showError, showSuccess } from '../lib/show-error.ts';

export interface Attachment {
  id: number;
  ownerType: string;
  ownerId: number;
  name: string;
  size: number;
  mimeType: string;
  sha256: string;
  version: number;
  createdAt: string;
  createdBy: number | null;
}

const msg = {
  upload: { zh: '上传佐证材料', en: 'Upload evidence' },
  hint: {
    zh: '支持 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx），单个文件不超过 20 MB。',
    en: 'PDF, JPG, PNG, Word (.docx) or Excel (.xlsx), up to 20 MB each.',
  },
  empty: { zh: '暂无佐证材料', en: 'No evidence yet' },
  uploaded: { zh: '已上传 {name}', en: '{name} uploaded' },
  deleteConfirm: { zh: '删除附件“{name}”？', en: 'Delete “{name}”?' },
  download: { zh: '下载', en: 'Download' },
  tooLarge: { zh: '文件超过 20 MB，请压缩或拆分后上传', en: 'The file exceeds 20 MB' },
};

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const keyOf = (ownerType: string, ownerId: number) => ['attachments', ownerType, ownerId] as const;

export const ATTACHMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';

/** Files chosen in a form before their owner exists (checked for size here, for type by the server). */
export function PendingFiles({
  value,
  onChange,
  label = '添加附件',
  testId = 'pending-files',
}: {
  value: File[];
  /** A state setter: several files chosen at once arrive one call each. */
  onChange: Dispatch<SetStateAction<File[]>>;
  label?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <div data-testid={testId}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {t(msg.hint)}
      </Typography.Paragraph>
      <Upload
        multiple
        accept={ATTACHMENT_ACCEPT}
        fileList={value.map((f, i) => ({
          uid: `${i}-${f.name}`,
          name: f.name,
          size: f.size,
          status: 'done' as const,
        }))}
        beforeUpload={(file) => {
          if (file.size > MAX_ATTACHMENT_BYTES) showError(new Error(t(msg.tooLarge)));
          else onChange((prev) => [...prev, file]);
          return false;
        }}
        onRemove={(item) => {
          onChange((prev) => prev.filter((f, i) => `${i}-${f.name}` !== item.uid));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{label}</Button>
      </Upload>
    </div>
  );
}

/**
 * Uploads files chosen before the owner existed, one by one; returns the names refused (with
 * the server's reason) so the form can say which did not go — the owner itself is saved.
 */
export async function uploadPending(ownerType: string, ownerId: number, files: File[]): Promise<string[]> {
  const refused: string[] = [];
  for (const f of files) {
    try {
      await api.upload<Attachment>('/api/attachments', f, { ownerType, ownerId });
    } catch (e) {
      refused.push(`${f.name}：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return refused;
}

export function Attachments({
  ownerType,
  ownerId,
  canManage,
  compact = false,
  uploadLabel,
  emptyText,
}: {
  ownerType: string;
  ownerId: number;
  canManage: boolean;
  /** A short list for a table cell or a phone card: no hint, no dates. */
  compact?: boolean;
  uploadLabel?: string;
  emptyText?: string;
}) {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: keyOf(ownerType, ownerId),
    queryFn: async () =>
      (await api.get<{ items: Attachment[] }>('/api/attachments', { ownerType, ownerId, pageSize: 100 }))
        .items,
  });
  const add = useMutation({
    mutationFn: (file: File) => api.upload<Attachment>('/api/attachments', file, { ownerType, ownerId }),
    meta: { invalidates: [keyOf(ownerType, ownerId)] },
  });
  const remove = useMutation({
    mutationFn: (a: Attachment) => api.delete(`/api/attachments/${a.id}`, { version: a.version }),
    meta: { invalidates: [keyOf(ownerType, ownerId)], versioned: true },
  });

  return (
    <div data-testid="attachments">
      {canManage ? (
        <Space direction="vertical" style={{ marginBottom: compact ? 4 : 12 }}>
          <Upload
            showUploadList={false}
            accept={ATTACHMENT_ACCEPT}
            beforeUpload={(file) => {
              if (file.size > MAX_ATTACHMENT_BYTES) showError(new Error(t(msg.tooLarge)));
              else add.mutate(file, { onSuccess: (a) => showSuccess(msg.uploaded, { name: a.name }) });
              return false;
            }}
          >
            <Button
              icon={<UploadOutlined />}
              size={compact ? 'small' : 'middle'}
              loading={add.isPending}
              data-testid="upload-attachment"
            >
              {uploadLabel ?? t(msg.upload)}
            </Button>
          </Upload>
          {compact ? null : <Typography.Text type="secondary">{t(msg.hint)}</Typography.Text>}
        </Space>
      ) : null}
      <List<Attachment>
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: emptyText ?? (compact ? '—' : t(msg.empty)) }}
        renderItem={(a) => (
          <List.Item
            data-testid="attachment"
            actions={[
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                href={`/api/attachments/${a.id}/content`}
                download
              >
                {t(msg.download)}
              </Button>,
              ...(canManage
                ? [
                    <Popconfirm
                      key="rm"
                      title={t(msg.deleteConfirm, { name: a.name })}
                      okText={t(common.delete)}
                      cancelText={t(common.cancel)}
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        remove.mutateAsync(a).then(
                          () => showSuccess(common.deleted),
                          () => {},
                        )
                      }
                    >
                      <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                        {t(common.delete)}
                      </Button>
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <Space wrap size={compact ? 4 : 8} style={{ minWidth: 0 }}>
              <PaperClipOutlined />
              <a
                href={`/api/attachments/${a.id}/content`}
                download
                style={{ wordBreak: 'break-all' }}
                data-testid="attachment-name"
              >
                {a.name}
              </a>
              <Typography.Text type="secondary">{sizeText(a.size)}</Typography.Text>
              {compact ? null : (
                <Typography.Text type="secondary">
                  {new Date(a.createdAt).toLocaleString('zh-CN', { hour12: false })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
