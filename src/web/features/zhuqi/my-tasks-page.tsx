// 我的任务: the craftsman's page, made for a phone (375 px wide): offers to accept or decline
// with a reason, demands in service (record a visit, mark completed), demands open to claim.
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PendingFiles, uploadPending } from '../../components/attachments.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import {
  type Demand,
  type MyTasks,
  useAddServiceRecord,
  useAssignmentAction,
  useDemandAction,
  useMyTasks,
  useOpenDemands,
} from './api.ts';
import { DemandStateTag, fmtTime, UrgencyTag } from './labels.tsx';
import { m } from './messages.ts';

type Task = MyTasks['offers'][number];

function DemandSummary({ d }: { d: Demand }) {
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <Space wrap size={4}>
        <Link to={`/zhuqi/demands/${d.id}`}>
          <Typography.Text strong>{d.title}</Typography.Text>
        </Link>
        <DemandStateTag state={d.state} />
        <UrgencyTag urgency={d.urgency} />
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {d.enterpriseName} · {d.countyName} · {d.categoryName}
      </Typography.Text>
      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>
        {d.description}
      </Typography.Paragraph>
    </Space>
  );
}

function OfferCard({ task }: { task: Task }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useAssignmentAction();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const a = task.assignment!;
  return (
    <Card size="small" data-testid={`offer-${a.id}`} style={{ marginBottom: 12 }}>
      <DemandSummary d={task.demand} />
      <div style={{ margin: '8px 0' }}>
        <Tag color="orange">
          {t(m.deadline)}：{fmtTime(a.deadline)}
        </Tag>
      </div>
      <Space style={{ width: '100%' }}>
        <Button
          type="primary"
          data-testid="accept"
          loading={act.isPending}
          onClick={() =>
            act.mutate(
              { id: a.id, action: 'accept', body: { version: a.version } },
              { onSuccess: () => message.success('已接单，请与企业联系安排服务') },
            )
          }
        >
          {t(m.accept)}
        </Button>
        <Button danger data-testid="decline" onClick={() => setDeclining(true)}>
          {t(m.decline)}
        </Button>
      </Space>
      <Modal
        open={declining}
        title={t(m.declineReason)}
        onCancel={() => setDeclining(false)}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={() =>
          act.mutate(
            { id: a.id, action: 'decline', body: { version: a.version, reason: reason.trim() } },
            { onSuccess: () => setDeclining(false) },
          )
        }
      >
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}

function ServingCard({ d }: { d: Demand }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { modal } = App.useApp();
  const [recording, setRecording] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState(false);
  const [form] = Form.useForm();
  const add = useAddServiceRecord();
  const act = useDemandAction();
  return (
    <Card size="small" data-testid={`serving-${d.id}`} style={{ marginBottom: 12 }}>
      <DemandSummary d={d} />
      {d.state === 'in_service' ? (
        <Space style={{ marginTop: 8 }} wrap>
          <Button type="primary" data-testid="record-service" onClick={() => setRecording(true)}>
            {t(m.recordService)}
          </Button>
          <Button
            data-testid="complete"
            loading={act.isPending}
            onClick={() =>
              act.mutate(
                { id: d.id, action: 'complete', body: { version: d.version } },
                { onSuccess: () => message.success('已标记完成，等待企业确认') },
              )
            }
          >
            {t(m.complete)}
          </Button>
        </Space>
      ) : null}
      <Modal
        open={recording}
        title={t(m.recordService)}
        onCancel={() => setRecording(false)}
        okButtonProps={{ 'data-testid': 'record-save', loading: add.isPending || sending } as never}
        onOk={async () => {
          const v = await form.validateFields();
          add.mutate(
            { id: d.id, body: v },
            {
              onSuccess: async (r) => {
                if (files.length) {
                  setSending(true);
                  const refused = await uploadPending('service-records', r.id, files);
                  setSending(false);
                  if (refused.length)
                    modal.warning({
                      title: '服务记录已保存，但以下附件未能上传',
                      content: refused.join('\n'),
                    });
                }
                message.success('服务记录已保存');
                setRecording(false);
                setFiles([]);
                form.resetFields();
              },
            },
          );
        }}
      >
        <Form
          form={form}
          layout="vertical"
          data-testid="record-form"
          initialValues={{ visitDate: new Date().toISOString().slice(0, 10), hours: 2, workersTrained: 0 }}
        >
          <Form.Item name="visitDate" label={t(m.visitDate)} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Space>
            <Form.Item name="hours" label={t(m.hours)} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={24} step={0.5} />
            </Form.Item>
            <Form.Item name="workersTrained" label={t(m.trained)}>
              <InputNumber min={0} max={100000} />
            </Form.Item>
          </Space>
          <Form.Item
            name="content"
            label={t(m.content)}
            rules={[{ required: true, message: '请填写服务内容' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="record-content" />
          </Form.Item>
          <Form.Item label="现场照片与文件">
            <PendingFiles value={files} onChange={setFiles} label="添加照片或文件" testId="record-files" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function OpenDemands() {
  const { t } = useI18n();
  const open = useOpenDemands(true);
  const act = useDemandAction();
  const items = open.data?.items ?? [];
  if (!items.length) return <Empty />;
  return (
    <List
      dataSource={items}
      renderItem={(d) => (
        <Card size="small" style={{ marginBottom: 12 }}>
          <DemandSummary d={d} />
          <Button
            style={{ marginTop: 8 }}
            onClick={() => act.mutate({ id: d.id, action: 'claim', body: { version: d.version } })}
          >
            {t(m.claim)}
          </Button>
        </Card>
      )}
    />
  );
}

export function MyTasksPage() {
  const { t } = useI18n();
  const tasks = useMyTasks();
  const data = tasks.data;
  if (tasks.isPending) return <Card loading />;
  if (!data?.craftsman) return <Card title={t(m.myTasks)}>{t(m.noProfile)}</Card>;
  return (
    <div style={{ maxWidth: 720 }} data-testid="my-tasks">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t(m.myTasks)} · {data.craftsman.name}
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'offers',
            label: `${t(m.offers)} ${data.offers.length}`,
            children: data.offers.length ? (
              data.offers.map((x) => <OfferCard key={x.assignment!.id} task={x} />)
            ) : (
              <Empty />
            ),
          },
          {
            key: 'serving',
            label: `${t(m.serving)} ${data.serving.length}`,
            children: data.serving.length ? (
              data.serving.map((x) => <ServingCard key={x.demand.id} d={x.demand} />)
            ) : (
              <Empty />
            ),
          },
          { key: 'open', label: t(m.open), children: <OpenDemands /> },
          {
            key: 'done',
            label: `${t(m.done)} ${data.done.length}`,
            children: data.done.length ? (
              data.done.map((x) => <ServingCard key={x.demand.id} d={x.demand} />)
            ) : (
              <Empty />
            ),
          },
        ]}
      />
    </div>
  );
}
