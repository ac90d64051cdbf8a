// Tags for demand and assignment states, shared by the pages of this feature.
import { Tag } from 'antd';
import {
  ASSIGNMENT_STATE_LABELS,
  type AssignmentState,
  DEMAND_STATE_LABELS,
  type DemandState,
  LEVEL_LABELS,
  type Level,
  URGENCY_LABELS,
  type Urgency,
} from '#shared/zhuqi.ts';
import { useI18n } from '../../lib/i18n.tsx';

const STATE_COLORS: Record<DemandState, string> = {
  submitted: 'processing',
  returned: 'warning',
  published: 'blue',
  claimed: 'purple',
  dispatching: 'orange',
  in_service: 'cyan',
  completed: 'geekblue',
  closed: 'success',
  cancelled: 'default',
};

export function DemandStateTag({ state }: { state: DemandState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state}>
      {t(DEMAND_STATE_LABELS[state])}
    </Tag>
  );
}

export function AssignmentStateTag({ state }: { state: AssignmentState }) {
  const { t } = useI18n();
  const color = state === 'accepted' ? 'success' : state === 'offered' ? 'orange' : 'default';
  return (
    <Tag color={color} data-state={state}>
      {t(ASSIGNMENT_STATE_LABELS[state])}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useI18n();
  return urgency === 'normal' ? null : (
    <Tag color={urgency === 'critical' ? 'red' : 'volcano'}>{t(URGENCY_LABELS[urgency])}</Tag>
  );
}

export function LevelTag({ level }: { level: Level }) {
  const { t } = useI18n();
  return <Tag>{t(LEVEL_LABELS[level])}</Tag>;
}

export const ACTION_LABELS: Record<string, string> = {
  post: '发布需求',
  edit: '修改',
  resubmit: '重新提交',
  publish: '审核发布',
  return: '退回',
  cancel: '撤销',
  claim: '认领',
  confirmClaim: '确认认领',
  rejectClaim: '不同意认领',
  dispatch: '派单',
  accept: '接单',
  decline: '拒绝',
  expire: '超时未接',
  skipCandidate: '跳过候补人选',
  escalate: '上报上级派单',
  recordService: '服务记录',
  complete: '服务完成',
  confirm: '确认并评价',
  followupAsked: '回访提醒',
  followupAnswered: '回访填报',
};

export function fmtTime(iso: string | null | undefined) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '';
}
