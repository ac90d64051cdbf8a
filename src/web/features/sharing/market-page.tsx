// 对接交易: offers with their intentions and deals; follow-up notes and recording a deal.
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../lib/api-client.ts';
import { type Intention, type Offer, useDeals, useIntentions, useOffers, useSharingMutation } from './api.ts';
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
      </Form>
    </Modal>
  );
}

export function MarketPage() {
  const offers = useOffers();
  const intentions = useIntentions();
  const deals = useDeals();
  const { message } = App.useApp();
  const [dealFor, setDealFor] = useState<Intention | null>(null);
  const note = useSharingMutation((v: { i: Intention; note: string }) =>
    api.post(`/api/intentions/${v.i.id}/notes`, { version: v.i.version, note: v.note }),
  );
  const follow = async (i: Intention) => {
    const text = window.prompt('跟进记录');
    if (!text) return;
    try {
      await note.mutateAsync({ i, note: text });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
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
                dataSource={intentions.data?.items}
                columns={[
                  { title: '成果', dataIndex: 'achievementTitle' },
                  { title: '意向企业', dataIndex: 'senderName' },
                  { title: '说明', dataIndex: 'message' },
                  {
                    title: '状态',
                    dataIndex: 'state',
                    render: (s: keyof typeof INTENTION_STATE) => <Tag>{INTENTION_STATE[s]?.zh ?? s}</Tag>,
                  },
                  {
                    title: '操作',
                    render: (_, i) =>
                      i.state === 'sent' || i.state === 'following' ? (
                        <>
                          <Button size="small" onClick={() => follow(i)}>
                            跟进
                          </Button>{' '}
                          <Button size="small" type="primary" onClick={() => setDealFor(i)}>
                            登记成交
                          </Button>
                        </>
                      ) : null,
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
    </>
  );
}
