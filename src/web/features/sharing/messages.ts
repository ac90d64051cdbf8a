// Labels of the sharing pages (Chinese, with English beside).
export const STATE = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待审核', en: 'Submitted' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '审核通过', en: 'Approved' },
  published: { zh: '已发布', en: 'Published' },
} as const;
export const MODE = {
  transfer: { zh: '转让', en: 'Transfer' },
  license: { zh: '许可', en: 'Licence' },
  cooperation: { zh: '合作', en: 'Cooperation' },
  free: { zh: '免费共享', en: 'Free sharing' },
} as const;
export const INTENTION_STATE = {
  sent: { zh: '新意向', en: 'New' },
  following: { zh: '跟进中', en: 'Following up' },
  deal: { zh: '已成交', en: 'Deal' },
  closed: { zh: '已结束', en: 'Closed' },
} as const;
export const sharingNav = {
  achievements: { zh: '创新成果', en: 'Achievements' },
  market: { zh: '对接交易', en: 'Transfers' },
};
