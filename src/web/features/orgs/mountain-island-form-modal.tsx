// Creates or edits the 山区海岛县 list of a year: the list's facts, and for every county
// whether it is a mountain county, an island county or neither.
import { Col, Form, Input, InputNumber, Modal, Radio, Row, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { MOUNTAIN_ISLAND_LABELS, type MountainIslandCategory } from '#shared/orgs.ts';
import type { MountainIslandList, TreeNode } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { useSaveMountainIslandList } from './api.ts';
import { m } from './messages.ts';

export interface CountyRow extends TreeNode {
  cityName: string;
}

interface Values {
  year: number;
  effectiveFrom: string;
  title: string;
  source?: string;
}

export function MountainIslandFormModal({
  open,
  list,
  base,
  counties,
  existingYears,
  onClose,
}: {
  open: boolean;
  /** The list being edited; null for a new year. */
  list: MountainIslandList | null;
  /** For a new year: the list whose members are copied as a start. */
  base: MountainIslandList | null;
  counties: CountyRow[];
  existingYears: number[];
  onClose: (savedYear?: number) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const save = useSaveMountainIslandList();
  const [members, setMembers] = useState<Map<number, MountainIslandCategory>>(new Map());
  const [filter, setFilter] = useState('');
  const [onlyMembers, setOnlyMembers] = useState(false);

  useEffect(() => {
    if (!open) return;
    const from = list ?? base;
    setMembers(new Map((from?.members ?? []).map((x) => [x.orgId, x.category])));
    setFilter('');
    setOnlyMembers(false);
    form.resetFields();
    const year = list?.year ?? (base ? base.year + 1 : new Date().getFullYear());
    form.setFieldsValue({
      year,
      effectiveFrom: list?.effectiveFrom ?? `${year}-01-01`,
      title: list?.title ?? `${year} 年浙江省山区海岛县名单`,
      source: list?.source ?? '',
    });
  }, [open, list, base, form]);

  const rows = useMemo(
    () =>
      counties.filter(
        (c) =>
          (!onlyMembers || members.has(c.id)) &&
          (!filter || c.name.includes(filter) || c.code.includes(filter) || c.cityName.includes(filter)),
      ),
    [counties, onlyMembers, members, filter],
  );
  const count = (cat: MountainIslandCategory) => [...members.values()].filter((v) => v === cat).length;

  const setCategory = (id: number, cat: MountainIslandCategory | '') =>
    setMembers((prev) => {
      const next = new Map(prev);
      if (cat) next.set(id, cat);
      else next.delete(id);
      return next;
    });

  const onFinish = (v: Values) => {
    save.mutate(
      {
        year: v.year,
        version: list?.version,
        effectiveFrom: v.effectiveFrom.trim(),
        title: v.title.trim(),
        source: v.source?.trim() || null,
        members: [...members].map(([orgId, category]) => ({ orgId, category })),
      },
      {
        onSuccess: (saved) => {
          showSuccess(m.miSaved, { year: saved.year });
          onClose(saved.year);
        },
        onError: (err) => applyIssues(form, err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={list ? `${t(m.miEdit)} · ${t(m.miYear, { year: list.year })}` : t(m.miNew)}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      confirmLoading={save.isPending}
      width={860}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name="year"
              label={t(m.miYearLabel)}
              rules={[
                { required: true, message: t(common.required) },
                {
                  validator: async (_, y: number) => {
                    if (!list && existingYears.includes(y)) throw new Error(t(m.miYearExists));
                  },
                },
              ]}
            >
              <InputNumber min={2000} max={2100} disabled={!!list} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name="effectiveFrom"
              label={t(m.miEffectiveFrom)}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t(m.miDateFormat) }]}
            >
              <Input placeholder="YYYY-MM-DD" maxLength={10} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="title"
              label={t(m.miListTitle)}
              rules={[{ required: true, min: 2, message: t(common.required) }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="source" label={t(m.miSource)}>
              <Input.TextArea rows={2} maxLength={1000} placeholder={t(common.optional)} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t(m.miMembers)}</Typography.Text>
        <Typography.Text type="secondary">
          {t(m.miCounts, { m: count('mountain'), i: count('island') })}
        </Typography.Text>
        <Input.Search
          allowClear
          size="small"
          style={{ width: 200 }}
          onChange={(e) => setFilter(e.target.value.trim())}
        />
        <Space size={4}>
          <Switch size="small" checked={onlyMembers} onChange={setOnlyMembers} />
          <Typography.Text>{t(m.miOnlyMembers)}</Typography.Text>
        </Space>
      </Space>
      <Table<CountyRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ y: 320 }}
        columns={[
          { title: t(m.city), dataIndex: 'cityName', key: 'city', width: 110 },
          { title: t(m.name), dataIndex: 'name', key: 'name', width: 140 },
          { title: t(m.code), dataIndex: 'code', key: 'code', width: 90 },
          {
            title: t(m.miCategory),
            key: 'cat',
            render: (_, c) => (
              <Radio.Group
                size="small"
                value={members.get(c.id) ?? ''}
                onChange={(e) => setCategory(c.id, e.target.value)}
                options={[
                  { value: '', label: t(m.miNotListed) },
                  { value: 'mountain', label: t(MOUNTAIN_ISLAND_LABELS.mountain) },
                  { value: 'island', label: t(MOUNTAIN_ISLAND_LABELS.island) },
                ]}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}
