// 创新成果: the scoped list, the review queue (待审核), a form for a new project and a drawer
// with the workflow actions (submit, approve, return with a reason, publish) and listing.
import {
  App,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { Attachments } from '../../components/attachments.tsx';
import { OrgPicker } from '../../components/org-picker.tsx';
import { api } from '../../lib/api-client.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import {
  type Achievement,
  useAchievement,
  useAchievements,
  useCategories,
  useSharingMutation,
} from './api.ts';
import { MODE, STATE } from './messages.ts';

function NewAchievementModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const cats = useCategories();
  // An enterprise contact's projects are their enterprise's; a union names the enterprise.
  const isEnterprise = useCurrentUser().roles.includes('enterprise_contact');
  const { message } = App.useApp();
  const create = useSharingMutation((v: Record<string, unknown>) =>
    api.post<Achievement>('/api/achievements', v),
  );
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({
        title: v.title,
        categoryId: v.categoryId,
        year: v.year,
        description: v.description,
        benefitAmount: v.benefitAmount ?? null,
        authors: (v.authors as { name: string; phone?: string; publicConsent?: boolean }[]).map((a) => ({
          name: a.name.trim(),
          phone: a.phone?.trim() || null,
          publicConsent: !!a.publicConsent,
        })),
        ...(v.orgId ? { orgId: v.orgId } : {}),
      });
      message.success('已保存为草稿');
      form.resetFields();
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Modal
      open={open}
      title="新建创新项目"
      onCancel={onClose}
      onOk={submit}
      okText="保存草稿"
      confirmLoading={create.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: new Date().getFullYear(), authors: [{ publicConsent: true }] }}
      >
        <Form.Item name="title" label="成果名称" rules={[{ required: true, message: '请填写成果名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="categoryId" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select
            options={(cats.data ?? [])
              .filter((c) => c.active)
              .map((c) => ({ value: c.id, label: `${c.name}${c.confirmed ? '' : '（待确认）'}` }))}
          />
        </Form.Item>
        <Form.Item name="year" label="年份" rules={[{ required: true }]}>
          <InputNumber min={1949} max={2100} />
        </Form.Item>
        {!isEnterprise && (
          <Form.Item
            name="orgId"
            label="所属企业（输入两个字以上检索）"
            rules={[{ required: true, message: '请选择成果所属的企业' }]}
          >
            <OrgPicker kinds={['enterprise']} testId="achievement-org" />
          </Form.Item>
        )}
        <Form.Item
          name="description"
          label="成果简介"
          rules={[{ required: true, min: 10, message: '请填写至少 10 个字的简介' }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="benefitAmount" label="经济效益（万元）">
          <InputNumber min={0} step={0.01} />
        </Form.Item>
        <Form.List name="authors">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap data-testid={`author-${i}`}>
                  <Form.Item
                    name={[f.name, 'name']}
                    label={`完成人 ${i + 1}`}
                    rules={[{ required: true, whitespace: true, message: '请填写完成人姓名' }]}
                  >
                    <Input maxLength={50} aria-label={`完成人 ${i + 1} 姓名`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} label="手机">
                    <Input maxLength={11} aria-label={`完成人 ${i + 1} 手机`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'publicConsent']} valuePropName="checked">
                    <Checkbox>同意公开展示姓名</Checkbox>
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button size="small" onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  )}
                </Space>
              ))}
              <Button onClick={() => add({ publicConsent: false })} data-testid="add-author">
                添加完成人
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function AchievementDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { data } = useAchievement(id);
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const act = useSharingMutation((v: { action: string; reason?: string }) =>
    api.post<Achievement>(`/api/achievements/${id}/${v.action}`, {
      version: data!.version,
      reason: v.reason,
    }),
  );
  const offer = useSharingMutation((v: Record<string, unknown>) => api.post('/api/offers', v));
  const [offerForm] = Form.useForm();
  const run = async (action: string, reason?: string) => {
    try {
      await act.mutateAsync({ action, reason });
      message.success('操作成功');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const askReason = (action: string) => {
    let reason = '';
    modal.confirm({
      title: '请填写退回理由',
      content: <Input.TextArea aria-label="退回理由" onChange={(e) => (reason = e.target.value)} />,
      onOk: () => run(action, reason),
    });
  };
  const list = async () => {
    const v = await offerForm.validateFields();
    try {
      await offer.mutateAsync({
        achievementId: id,
        mode: v.mode,
        terms: v.terms,
        price: v.price ?? null,
        negotiable: v.price == null,
        listedOn: new Date().toISOString().slice(0, 10),
      });
      message.success('已挂牌');
      offerForm.resetFields();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} title={data?.title} size="large">
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            状态：<Tag data-testid="achievement-state">{STATE[data.state].zh}</Tag>
            {data.returnReason && <span data-testid="return-reason">退回理由：{data.returnReason}</span>}
          </div>
          <div>
            {data.categoryName} · {data.year} 年 · {data.orgName}
          </div>
          <p>{data.description}</p>
          <div>
            完成人：
            {data.authors?.map((a) => `${a.name}${a.publicConsent ? '' : '（不公开）'}`).join('、')}
          </div>
          <Space wrap>
            {(data.state === 'draft' || data.state === 'returned') && (
              <Button type="primary" onClick={() => run('submit')} data-testid="action-submit">
                提交审核
              </Button>
            )}
            {data.state === 'submitted' && (
              <Button type="primary" onClick={() => run('approve')} data-testid="action-approve">
                审核通过
              </Button>
            )}
            {(data.state === 'submitted' || data.state === 'approved') && (
              <Button danger onClick={() => askReason('return')} data-testid="action-return">
                退回修改
              </Button>
            )}
            {data.state === 'approved' && (
              <Button type="primary" onClick={() => run('publish')} data-testid="action-publish">
                发布到共享平台
              </Button>
            )}
            {data.state === 'published' && (
              <a href={`/share/a/${data.id}`} target="_blank" rel="noreferrer">
                在共享平台查看
              </a>
            )}
          </Space>
          <h3>图片与公开资料</h3>
          <p style={{ margin: 0, color: '#555' }}>
            发布后在共享平台展示（JPG、PNG 图片显示在成果详情页，宽度建议不超过 1280 像素）。
          </p>
          <Attachments
            ownerType="achievements"
            ownerId={data.id}
            canManage={can(me, 'manage:achievement:subtree')}
          />
          <h3>内部材料（不公开）</h3>
          <Attachments
            ownerType="achievement-internal"
            ownerId={data.id}
            canManage={can(me, 'manage:achievement:subtree')}
          />
          {data.state === 'published' && (
            <Form form={offerForm} layout="vertical" aria-label="挂牌">
              <h3>挂牌对接</h3>
              <Form.Item name="mode" label="交易方式" rules={[{ required: true, message: '请选择交易方式' }]}>
                <Select options={Object.entries(MODE).map(([value, l]) => ({ value, label: l.zh }))} />
              </Form.Item>
              <Form.Item
                name="terms"
                label="交易条件"
                rules={[{ required: true, message: '请填写交易条件' }]}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="price" label="挂牌价（万元，空为面议）">
                <InputNumber min={0} step={0.01} />
              </Form.Item>
              <Button onClick={list} data-testid="offer-submit">
                挂牌
              </Button>
            </Form>
          )}
        </Space>
      )}
    </Drawer>
  );
}

function AchievementTable({ state, initialOpen = null }: { state?: string; initialOpen?: number | null }) {
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(initialOpen);
  const { data, isLoading } = useAchievements({ state, page, pageSize: 20 });
  return (
    <>
      <Table<Achievement>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items}
        pagination={{ current: page, total: data?.total, pageSize: 20, onChange: setPage }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '成果名称', dataIndex: 'title' },
          { title: '类别', dataIndex: 'categoryName' },
          { title: '年份', dataIndex: 'year' },
          { title: '所属企业', dataIndex: 'orgName' },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: Achievement['state']) => <Tag>{STATE[s].zh}</Tag>,
          },
        ]}
      />
      <AchievementDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}

export function AchievementsPage() {
  const { t } = useI18n();
  // /sharing/achievements/:id (a record link of the targets) opens that achievement.
  const param = Number(useParams().id);
  const linked = Number.isInteger(param) && param > 0 ? param : null;
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <h2 style={{ margin: 0 }}>
          {t({ zh: '创新项目与成果', en: 'Innovation projects and achievements' })}
        </h2>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建创新项目
        </Button>
        <a href="/share" target="_blank" rel="noreferrer">
          共享平台（公开）
        </a>
      </Space>
      <Tabs
        items={[
          { key: 'all', label: '全部', children: <AchievementTable initialOpen={linked} /> },
          { key: 'queue', label: '审核队列', children: <AchievementTable state="submitted" /> },
          { key: 'published', label: '已发布', children: <AchievementTable state="published" /> },
        ]}
      />
      <NewAchievementModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
