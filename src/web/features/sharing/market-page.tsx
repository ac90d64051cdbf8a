// 对接交易: offers with their intentions and deals; follow-up notes and recording a deal.
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Table,
  Tabs,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { api } from '../../lib/api-client.ts';
import {
  type Intention,
  type Offer,
  useDeals,
  useIntention,
  useIntentions,
  useOffers,
  useSharingMutation,
} from './api.ts';
import { INTENTION_STATE, MODE } from './messages.ts';

function DealModal({ intention, onClose }: { intention: Intention | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const deal = useSharingMutation((v: Record<string, unknown>) => api.post('/api/deals', v));
  const ok = async () => {
    const v = await form.validateFields();
    try {
      await deal.mutateAsync({
        offerId: intention!.offerId,
        intentionId: intention!.id,
        buyerName: v.buyerName,
        amount: v.amount,
        signedOn: v.signedOn.format('YYYY-MM-DD'),
        note: v.note || null,
      });
      message.success('已登记成交');
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Modal open={!!intention} title="登记成交" onCancel={onClose} onOk={ok} okText="登记">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ buyerName: intention?.senderName }}
        key={intention?.id}
      >
        <Form.Item name="buyerName" label="受让方" rules={[{ required: true, message: '请填写受让方' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="amount"
          label="成交金额（万元）"
          rules={[{ required: true, message: '请填写成交金额' }]}
        >
          <InputNumber min={0} step={0.01} />
        </Form.Item>
        <Form.Item name="signedOn" label="成交日期" rules={[{ required: true, message: '请选择成交日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label="备注（合同编号等）">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The union's follow-up of one intention: its history, a new note, and whether it goes on. */
function FollowUpModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { data } = useIntention(id);
  const note = useSharingMutation((v: { note: string; state: string }) =>
    api.post(`/api/intentions/${id}/notes`, { version: data!.version, ...v }),
  );
  const open = data?.state === 'sent' || data?.state === 'following';
  const ok = async () => {
    const v = await form.validateFields();
    try {
      await note.mutateAsync({ note: v.note, state: v.state });
      message.success(v.state === 'closed' ? '已记录并结束该意向' : '已记录跟进');
      form.resetFields();
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Modal
      open={id !== null}
      title="跟进合作意向"
      onCancel={onClose}
      onOk={ok}
      okText="保存跟进记录"
      okButtonProps={{ disabled: !open }}
      confirmLoading={note.isPending}
    >
      {data && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="成果">{data.achievementTitle}</Descriptions.Item>
            <Descriptions.Item label="意向企业">{data.senderName}</Descriptions.Item>
            <Descriptions.Item label="联系人">
              {data.contactName} {data.contactPhone ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label="说明">{data.message}</Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 12 }}>跟进记录</h4>
          {data.notes.length ? (
            <Timeline
              data-testid="intention-notes"
              items={data.notes.map((n) => ({ children: `${n.at.slice(0, 10)} ${n.note}` }))}
            />
          ) : (
            <p>暂无跟进记录</p>
          )}
          {open && (
            <Form form={form} layout="vertical" initialValues={{ state: 'following' }} key={data.id}>
              <Form.Item
                name="note"
                label="本次跟进"
                rules={[{ required: true, whitespace: true, message: '请填写跟进情况' }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Form.Item name="state" label="意向状态">
                <Radio.Group
                  options={[
                    { value: 'following', label: '继续跟进' },
                    { value: 'closed', label: '结束（未成交）' },
                  ]}
                />
              </Form.Item>
            </Form>
          )}
        </>
      )}
    </Modal>
  );
}

export function MarketPage() {
  const offers = useOffers();
  const intentions = useIntentions();
  const deals = useDeals();
  const [dealFor, setDealFor] = useState<Intention | null>(null);
  const [following, setFollowing] = useState<number | null>(null);
  return (
    <>
      <h2>对接交易</h2>
      <a href="/api/offers/export">导出挂牌成果（省网上技术市场格式）</a>
      <Tabs
        items={[
          {
            key: 'offers',
            label: '挂牌',
            children: (
              <Table<Offer>
                rowKey="id"
                data-testid="offers-table"
                dataSource={offers.data?.items}
                columns={[
                  { title: '成果', dataIndex: 'achievementTitle' },
                  { title: '方式', dataIndex: 'mode', render: (m: keyof typeof MODE) => MODE[m]?.zh ?? m },
                  { title: '挂牌价（万元）', dataIndex: 'price', render: (p) => p ?? '面议' },
                  { title: '意向', dataIndex: 'intentions' },
                  { title: '成交', dataIndex: 'deals' },
                  { title: '挂牌日期', dataIndex: 'listedOn' },
                ]}
              />
            ),
          },
          {
            key: 'intentions',
            label: '合作意向',
            children: (
              <Table<Intention>
                rowKey="id"
                data-testid="intentions-table"
                dataSource={intentions.data?.items}
                columns={[
                  { title: '成果', dataIndex: 'achievementTitle' },
                  { title: '意向企业', dataIndex: 'senderName' },
                  { title: '提交时间', dataIndex: 'createdAt', render: (t: string) => t.slice(0, 10) },
                  { title: '说明', dataIndex: 'message' },
                  {
                    title: '状态',
                    dataIndex: 'state',
                    render: (s: keyof typeof INTENTION_STATE) => <Tag>{INTENTION_STATE[s]?.zh ?? s}</Tag>,
                  },
                  {
                    title: '操作',
                    render: (_, i) => (
                      <>
                        <Button size="small" onClick={() => setFollowing(i.id)}>
                          {i.state === 'sent' || i.state === 'following' ? '跟进' : '查看'}
                        </Button>{' '}
                        {i.state === 'sent' || i.state === 'following' ? (
                          <Button size="small" type="primary" onClick={() => setDealFor(i)}>
                            登记成交
                          </Button>
                        ) : null}
                      </>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'deals',
            label: '成交记录',
            children: (
              <Table
                rowKey="id"
                data-testid="deals-table"
                dataSource={deals.data?.items}
                columns={[
                  { title: '成果', dataIndex: 'achievementTitle' },
                  { title: '受让方', dataIndex: 'buyerName' },
                  { title: '金额（万元）', dataIndex: 'amount' },
                  { title: '成交日期', dataIndex: 'signedOn' },
                ]}
              />
            ),
          },
        ]}
      />
      <DealModal intention={dealFor} onClose={() => setDealFor(null)} />
      <FollowUpModal id={following} onClose={() => setFollowing(null)} />
    </>
  );
}
