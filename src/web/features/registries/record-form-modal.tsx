// Create or edit one record of any registry: a form built from the definition, checked in
// the browser as the server will check it; the server's field errors land on their fields, and
// a stale version (409) is explained and the latest copy reloaded.
import { Col, Form, Modal, Row } from 'antd';
import { useEffect, useState } from 'react';
import type { RegistryDef } from '#shared/registries/types.ts';
import { type OrgOption, OrgPicker } from '../../components/org-picker.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { type RegistryRecord, useCreateRecord, useUpdateRecord } from './api.ts';
import { FieldControl, fieldRules, fromFormValues, isPii, toFormValues } from './fields.tsx';
import { m } from './messages.ts';

export function RecordFormModal({
  def,
  open,
  record,
  onClose,
  onSaved,
}: {
  def: RegistryDef;
  open: boolean;
  /** null: create. */
  record: RegistryRecord | null;
  onClose: () => void;
  onSaved?: (r: RegistryRecord) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Record<string, unknown>>();
  const create = useCreateRecord(def.key);
  const update = useUpdateRecord(def.key);
  const [owner, setOwner] = useState<OrgOption | null>(null);
  const editing = !!record;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ ...toFormValues(def, record), orgId: undefined });
    setOwner(null);
  }, [open, record, def, form]);

  const onFinish = (v: Record<string, unknown>) => {
    const body = fromFormValues(def, v, editing);
    const done = (r: RegistryRecord) => {
      showSuccess(editing ? common.saved : m.created);
      onSaved?.(r);
      onClose();
    };
    const failed = (err: unknown) => {
      if (err instanceof ApiError && err.code === 'CONFLICT') onClose();
      else applyIssues(form, err);
    };
    if (record)
      update.mutate(
        { id: record.id, version: record.version, ...body },
        { onSuccess: done, onError: failed },
      );
    else create.mutate(v.orgId ? { ...body, orgId: v.orgId } : body, { onSuccess: done, onError: failed });
  };

  return (
    <Modal
      open={open}
      title={`${t(editing ? m.editRecord : m.newRecord, { item: def.itemLabel[lang] })}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      okButtonProps={{ 'data-testid': 'save-record' } as never}
      confirmLoading={create.isPending || update.isPending}
      width={760}
      forceRender
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid="record-form" scrollToFirstError>
        <Row gutter={16}>
          {def.fields.map((f) => (
            <Col key={f.key} xs={24} md={f.type === 'longtext' ? 24 : 12}>
              <Form.Item
                name={f.key}
                label={f.label[lang]}
                rules={fieldRules(f, t, lang, editing && isPii(f))}
                valuePropName="value"
                tooltip={f.help?.[lang]}
              >
                <FieldControl field={f} record={record} />
              </Form.Item>
            </Col>
          ))}
          {!editing ? (
            <Col xs={24} md={12}>
              <Form.Item name="orgId" label={t(m.owner)} tooltip={t(m.ownerDefault)}>
                <OrgPicker
                  allowClear
                  testId="field-orgId"
                  placeholder={t(m.ownerDefault)}
                  kinds={def.ownerKinds}
                  current={owner}
                  onChange={(_, o) => setOwner(o ?? null)}
                />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
    </Modal>
  );
}
