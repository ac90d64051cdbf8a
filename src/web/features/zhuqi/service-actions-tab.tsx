// 专项行动: the list (mountain/island special sessions marked) and the form.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { applyIssues } from '../../lib/form-errors.ts';
import { common } from '../../lib/messages.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { showError } from '../../lib/show-error.ts';
import {
  type ServiceAction,
  useCounties,
  useCraftsmen,
  useSaveServiceAction,
  useServiceActions,
} from './api.ts';

function ActionForm({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const counties = useCounties();
  const craftsmen = useCraftsmen({ pageSize: 100 });
  const save = useSaveServiceAction();
  return (
    <Modal
      open
      title="登记专项行动"
      onCancel={onClose}
      confirmLoading={save.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        save.mutate(v, {
          onSuccess: () => {
            message.success(t(common.saved));
            onClose();
          },
          onError: (err) => {
            if (!applyIssues(form, err)) showError(err);
          },
        });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ workersTrained: 0 }}>
        <Form.Item name="title" label="行动名称" rules={[{ required: true, message: t(common.required) }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="heldOn" label="举办日期" rules={[{ required: true, message: t(common.required) }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="countyId" label="举办地" rules={[{ required: true, message: t(common.required) }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.shortName ?? c.name }))}
          />
        </Form.Item>
        <Form.Item name="organiser" label="组织单位">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="participantIds" label="参与劳模工匠">
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={(craftsmen.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.name}（${c.countyName}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="workersTrained" label="培训职工（人）">
          <InputNumber min={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ServiceActionsTab({ manage }: { manage: boolean }) {
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const list = useServiceActions({ page, pageSize: 20 });
  return (
    <>
      {manage ? (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ marginBottom: 12 }}
          onClick={() => setAdding(true)}
        >
          登记专项行动
        </Button>
      ) : null}
      <Table<ServiceAction>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: '行动名称',
            dataIndex: 'title',
            render: (v, r) => (
              <>
                {v} {r.mountainIsland ? <Tag color="green">山区海岛县专场</Tag> : null}
              </>
            ),
          },
          { title: '举办日期', dataIndex: 'heldOn', width: 110 },
          { title: '举办地', dataIndex: 'countyName', width: 100 },
          { title: '组织单位', dataIndex: 'organiser' },
          { title: '参与劳模工匠（人次）', dataIndex: 'participantCount', width: 150 },
          { title: '培训职工', dataIndex: 'workersTrained', width: 100 },
        ]}
      />
      {adding ? <ActionForm onClose={() => setAdding(false)} /> : null}
    </>
  );
}
