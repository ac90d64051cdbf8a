// One record of any registry: every field (personal data masked, with an audited reveal for
// holders of pii:view), its evidence attachments, and its history as a timeline.
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { REGISTRY_DEFS, registryDef } from '#shared/registries/catalog.ts';
import { BOOL_LABELS, type FieldDef, type RegistryDef, titleField } from '#shared/registries/types.ts';
import { Attachments } from '../../components/attachments.tsx';
import { NotFound } from '../../components/forbidden.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showError, showSuccess } from '../../lib/show-error.ts';
import {
  type HistoryEntry,
  type RegistryRecord,
  revealRecord,
  useDeleteRecord,
  useHistory,
  useRecord,
  useRecords,
} from './api.ts';
import { canManageRegistry, FieldValue, isPii } from './fields.tsx';
import { m } from './messages.ts';
import { RecordFormModal } from './record-form-modal.tsx';

export function RegistryDetailPage() {
  const { key = '', id = '' } = useParams();
  const def = registryDef(key);
  const n = Number(id);
  if (!def || !Number.isInteger(n) || n <= 0) return <NotFound />;
  return <RecordDetail def={def} id={n} key={`${key}/${n}`} />;
}

function RecordDetail({ def, id }: { def: RegistryDef; id: number }) {
  const { t, lang } = useI18n();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const record = useRecord(def.key, id);
  const [revealed, setRevealed] = useState<RegistryRecord | null>(null);
  const [editing, setEditing] = useState(false);
  const remove = useDeleteRecord(def.key);
  const canManage = canManageRegistry(def, me);
  const hasPii = def.fields.some(isPii);
  const r = record.data;

  if (record.isPending) return <Spin />;
  if (!r) return <NotFound />;
  const shown = revealed && revealed.version === r.version ? revealed : r;

  const reveal = () =>
    revealRecord(def.key, id).then((x) => {
      setRevealed(x);
      showSuccess(m.revealed);
    }, showError);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to={`/registries/${def.key}`} aria-label={t(m.back)}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="record-title">
              {def.itemLabel[lang]} · {String(r[def.fields[0].key] ?? `#${r.id}`)}
            </span>
          </Space>
        }
        extra={
          <Space>
            {hasPii && can(me, 'pii:view') && shown === r ? (
              <Button icon={<EyeOutlined />} onClick={reveal} title={t(m.revealHint)} data-testid="reveal">
                {t(m.reveal)}
              </Button>
            ) : null}
            {canManage ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-record">
                  {t(common.edit)}
                </Button>
                <Popconfirm
                  title={t(m.deleteConfirm, { name: String(r[def.fields[0].key] ?? r.id) })}
                  okText={t(common.delete)}
                  cancelText={t(common.cancel)}
                  okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as never}
                  onConfirm={() =>
                    remove.mutateAsync({ id: r.id, version: r.version }).then(
                      () => {
                        showSuccess(common.deleted);
                        navigate(`/registries/${def.key}`);
                      },
                      () => {},
                    )
                  }
                >
                  <Button danger icon={<DeleteOutlined />} data-testid="delete-record">
                    {t(common.delete)}
                  </Button>
                </Popconfirm>
              </>
            ) : null}
          </Space>
        }
      >
        {shown !== r ? (
          <Alert type="info" showIcon message={t(m.revealHint)} style={{ marginBottom: 16 }} />
        ) : null}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="record-fields">
          {def.fields.map((f) => (
            <Descriptions.Item key={f.key} label={f.label[lang]} span={f.type === 'longtext' ? 2 : 1}>
              <span data-testid={`value-${f.key}`}>
                <FieldValue field={f} record={shown} />
              </span>
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t(m.owner)}>{r.orgName}</Descriptions.Item>
          <Descriptions.Item label={t(m.updatedAt)}>
            {new Date(r.updatedAt).toLocaleString('zh-CN', { hour12: false })} · {t(m.version)} {r.version}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t(m.attachments)}>
        <Attachments ownerType={def.key} ownerId={id} canManage={canManage} />
      </Card>
      <RelatedRecords def={def} id={id} />
      <Card title={t(m.history)}>
        <HistoryTimeline def={def} id={id} />
      </Card>
      <RecordFormModal def={def} open={editing} record={r} onClose={() => setEditing(false)} />
    </Space>
  );
}

function show(f: FieldDef, v: unknown, lang: 'zh' | 'en'): string {
  if (v === null || v === undefined || v === '') return '—';
  if (f.type === 'bool') return BOOL_LABELS[v ? 'true' : 'false'][lang];
  if (f.type === 'enum') return f.options?.find((o) => o.value === v)?.[lang] ?? String(v);
  if (f.type === 'org' || f.type === 'ref') return `#${v}`;
  return String(v);
}

function HistoryTimeline({ def, id }: { def: RegistryDef; id: number }) {
  const { t, lang } = useI18n();
  const history = useHistory(def.key, id);
  if (history.isPending) return <Spin />;
  const rows = history.data ?? [];
  const action = (a: string) => {
    const msg = (m as Record<string, { zh: string; en: string }>)[`action_${a}`];
    return msg ? t(msg) : a;
  };
  const changes = (h: HistoryEntry, prev: HistoryEntry | undefined) => {
    if (!prev) return null;
    const diff = def.fields.filter(
      (f) => JSON.stringify(h.data[f.key] ?? null) !== JSON.stringify(prev.data[f.key] ?? null),
    );
    if (!diff.length) return <Typography.Text type="secondary">{t(m.noChange)}</Typography.Text>;
    return (
      <div>
        {t(m.changed)}
        {diff.map((f) => (
          <div key={f.key}>
            {f.label[lang]}：
            <Typography.Text delete type="secondary">
              {show(f, prev.data[f.key], lang)}
            </Typography.Text>{' '}
            → {show(f, h.data[f.key], lang)}
          </div>
        ))}
      </div>
    );
  };
  return (
    <Timeline
      data-testid="history"
      items={rows.map((h, i) => ({
        color: h.action === 'delete' ? 'red' : h.action === 'create' ? 'green' : 'blue',
        children: (
          <div data-testid="history-entry">
            <Typography.Text strong>
              {action(h.action)} · v{h.version}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {new Date(h.at).toLocaleString('zh-CN', { hour12: false })}
              {h.userId ? ` · ${t(m.byUser, { id: h.userId })}` : ''}
            </Typography.Text>
            {changes(h, rows[i + 1])}
          </div>
        ),
      }))}
    />
  );
}

/** Records of other registries that point to this one (a studio's alliances, grants, candidates, trainings). */
function RelatedRecords({ def, id }: { def: RegistryDef; id: number }) {
  const { t } = useI18n();
  const incoming = (REGISTRY_DEFS as readonly RegistryDef[]).flatMap((d) =>
    d.fields
      .filter((f) => (f.type === 'ref' || f.type === 'refs') && f.ref === def.key)
      .map((f) => ({ def: d, field: f })),
  );
  if (!incoming.length) return null;
  return (
    <Card title={t(m.related)} data-testid="related">
      <Space direction="vertical" style={{ width: '100%' }}>
        {incoming.map(({ def: d, field }) => (
          <RelatedList key={`${d.key}.${field.key}`} def={d} field={field} id={id} />
        ))}
      </Space>
    </Card>
  );
}

function RelatedList({ def, field, id }: { def: RegistryDef; field: FieldDef; id: number }) {
  const { t, lang } = useI18n();
  const list = useRecords(def.key, { refField: field.key, refId: id, pageSize: 10 });
  const title = titleField(def);
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  return (
    <div>
      <Typography.Text strong>
        {def.label[lang]}（{field.label[lang]}）
      </Typography.Text>{' '}
      <Link to={`/registries/${def.key}?refField=${field.key}&refId=${id}`}>
        {t(m.relatedAll, { n: list.data?.totalExact === false ? `${total}+` : total })}
      </Link>
      <div style={{ marginTop: 4 }}>
        {items.length === 0 ? (
          <Typography.Text type="secondary">{t(common.none)}</Typography.Text>
        ) : (
          items.map((r) => (
            <Tag key={r.id} style={{ marginBottom: 4 }}>
              <Link to={`/registries/${def.key}/${r.id}`}>{String((title && r[title]) ?? `#${r.id}`)}</Link>
            </Tag>
          ))
        )}
      </div>
    </div>
  );
}
