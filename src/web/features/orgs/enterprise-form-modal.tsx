// Registers an enterprise under a county, or edits one with the version it was read at.
// A contact phone arrives masked, so on edit an empty phone field means "keep".
import { Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../lib/api-client.ts';
import type { Org, TreeNode } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showConflict, showError, showSuccess } from '../../lib/show-error.ts';
import { type EnterpriseFields, fetchOrg, useCreateEnterprise, useUpdateOrg } from './api.ts';
import { mobileRule, usccRule } from './enterprise-rules.ts';
import { IndustryDivisionSelect } from './industry-division-select.tsx';
import { m } from './messages.ts';

interface Values {
  name: string;
  uscc: string;
  industryDivision: string;
  industryUnionId?: number | null;
  aboveScaleIndustry?: boolean;
  aboveLimitService?: boolean;
  hasUnion?: boolean;
  reformPilot?: boolean;
  address?: string;
  contactName?: string;
  contactPhone?: string;
}

const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

function toFields(v: Values): EnterpriseFields {
  return {
    name: v.name.trim(),
    uscc: v.uscc.trim().toUpperCase(),
    industryDivision: v.industryDivision,
    industryUnionId: v.industryUnionId ?? null,
    aboveScaleIndustry: !!v.aboveScaleIndustry,
    aboveLimitService: !!v.aboveLimitService,
    hasUnion: !!v.hasUnion,
    reformPilot: !!v.reformPilot,
    address: blankToNull(v.address),
    contactName: blankToNull(v.contactName),
    contactPhone: blankToNull(v.contactPhone),
  };
}

export interface EnterpriseFormProps {
  open: boolean;
  /** Create under this county… */
  county?: TreeNode | null;
  /** …or edit this enterprise. */
  enterprise?: Org | null;
  industryUnions: TreeNode[];
  onClose: () => void;
}

export function EnterpriseFormModal({
  open,
  county,
  enterprise,
  industryUnions,
  onClose,
}: EnterpriseFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateEnterprise();
  const update = useUpdateOrg();
  const editing = !!enterprise;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (enterprise) {
      form.setFieldsValue({
        name: enterprise.name,
        uscc: enterprise.uscc ?? '',
        industryDivision: enterprise.industryDivision ?? undefined,
        industryUnionId: enterprise.industryUnionId,
        aboveScaleIndustry: enterprise.aboveScaleIndustry,
        aboveLimitService: enterprise.aboveLimitService,
        hasUnion: enterprise.hasUnion,
        reformPilot: enterprise.reformPilot,
        address: enterprise.address ?? '',
        contactName: enterprise.contactName ?? '',
        contactPhone: '',
      });
    }
  }, [open, enterprise, form]);

  const onFinish = (v: Values) => {
    const fields = toFields(v);
    if (!enterprise) {
      if (!county) return;
      create.mutate(
        { countyId: county.id, ...fields },
        {
          onSuccess: (org) => {
            showSuccess(m.created, { name: org.name });
            onClose();
          },
          onError: (err) => {
            if (err instanceof ApiError && err.code === 'CONFLICT')
              form.setFields([{ name: 'uscc', errors: [err.message] }]);
            else applyIssues(form, err);
          },
        },
      );
      return;
    }
    const { contactPhone, ...rest } = fields;
    update.mutate(
      { id: enterprise.id, version: enterprise.version, ...rest, ...(contactPhone ? { contactPhone } : {}) },
      {
        onSuccess: () => {
          showSuccess(common.saved);
          onClose();
        },
        onError: async (err) => {
          if (err instanceof ApiError && err.code === 'CONFLICT') {
            // A stale version or a USCC already taken: the current copy tells which.
            const fresh = await fetchOrg(enterprise.id).catch(() => null);
            if (!fresh || fresh.version !== enterprise.version) {
              showConflict(err);
              onClose();
              return;
            }
            form.setFields([{ name: 'uscc', errors: [err.message] }]);
          } else applyIssues(form, err);
          showError(err);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={
        editing
          ? `${t(m.editEnterprise)} · ${enterprise?.name}`
          : `${t(m.newEnterprise)} · ${county?.name ?? ''}`
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      confirmLoading={create.isPending || update.isPending}
      width={720}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="enterprise-form"
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name="name"
              label={t(m.enterpriseName)}
              rules={[{ required: true, min: 2, whitespace: true, message: t(m.nameRequired) }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="uscc"
              label={t(m.uscc)}
              rules={[usccRule]}
              normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
              validateFirst
              required
            >
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} placeholder="91330127…" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="industryDivision"
              label={t(m.industry)}
              rules={[{ required: true, message: t(m.industryRequired) }]}
            >
              <IndustryDivisionSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="industryUnionId" label={t(m.industryUnion)}>
              <Select
                allowClear
                placeholder={t(common.optional)}
                options={industryUnions.map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t(m.flags)} style={{ marginBottom: 0 }}>
              <Row>
                {(['hasUnion', 'aboveScaleIndustry', 'aboveLimitService', 'reformPilot'] as const).map(
                  (f) => (
                    <Col span={12} key={f}>
                      <Form.Item name={f} valuePropName="checked" style={{ marginBottom: 8 }}>
                        <Checkbox>{t(m[f])}</Checkbox>
                      </Form.Item>
                    </Col>
                  ),
                )}
              </Row>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t(m.address)}>
              <Input maxLength={200} placeholder={t(common.optional)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactName" label={t(m.contactName)}>
              <Input maxLength={50} placeholder={t(common.optional)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactPhone" label={t(m.contactPhone)} rules={[mobileRule]}>
              <Input
                maxLength={11}
                inputMode="tel"
                placeholder={
                  editing && enterprise?.contactPhone
                    ? t(m.contactPhoneKeep, { masked: enterprise.contactPhone })
                    : t(common.optional)
                }
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
