// Adds a provincial industry union (province administrators only).
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { useCreateIndustryUnion } from './api.ts';
import { m } from './messages.ts';

interface Values {
  name: string;
  shortName?: string;
  code: string;
}

export function IndustryUnionButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const create = useCreateIndustryUnion();
  const onFinish = (v: Values) =>
    create.mutate(
      { name: v.name.trim(), code: v.code.trim(), shortName: v.shortName?.trim() || null },
      {
        onSuccess: () => {
          showSuccess(common.saved);
          setOpen(false);
          form.resetFields();
        },
        onError: (err) => applyIssues(form, err),
      },
    );
  return (
    <>
      <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t(m.newIndustryUnion)}
      </Button>
      <Modal
        open={open}
        title={t(m.newIndustryUnion)}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t(common.save)}
        cancelText={t(common.cancel)}
        confirmLoading={create.isPending}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item
            name="name"
            label={t(m.name)}
            rules={[{ required: true, min: 2, message: t(common.required) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="shortName" label={t(m.shortName)}>
            <Input maxLength={50} placeholder={t(common.optional)} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t(m.industryUnionCode)}
            rules={[{ required: true, pattern: /^[A-Za-z0-9-]{2,30}$/, message: t(m.industryUnionCodeRule) }]}
          >
            <Input maxLength={30} placeholder="IU-XXXX" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
