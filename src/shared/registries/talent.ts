// Alliances and their research projects, cultivation candidates and cohorts, competitions,
// education and skill upgrades, grants, enterprise yearly facts and the cities' mechanisms:
// the records behind targets 1, 5, 8, 10–12, 15, 16, 20, 21 and the body's extra targets.
import { defineRegistry, options } from './types.ts';

export const ALLIANCE_BATCHES = options(
  ['1', '第一批', 'First batch'],
  ['2', '第二批', 'Second batch'],
  ['3', '第三批', 'Third batch'],
);

export const alliances = defineRegistry({
  key: 'alliances',
  label: { zh: '创新工作室联盟', en: 'Studio alliances' },
  itemLabel: { zh: '联盟', en: 'Alliance' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['name'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '联盟名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'batch',
      label: { zh: '批次', en: 'Batch' },
      type: 'enum',
      options: ALLIANCE_BATCHES,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'year',
      label: { zh: '年份', en: 'Year' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'leadStudioId',
      label: { zh: '牵头工作室', en: 'Lead studio' },
      type: 'ref',
      ref: 'studios',
      list: true,
    },
    {
      key: 'memberStudioIds',
      label: { zh: '成员工作室', en: 'Member studios' },
      type: 'refs',
      ref: 'studios',
      help: { zh: '联盟的成员工作室（可多选）', en: 'The studios of the alliance' },
    },
    {
      key: 'memberStudioCount',
      label: { zh: '成员工作室数', en: 'Number of member studios' },
      type: 'int',
      min: 0,
      max: 1000,
      list: true,
    },
    {
      key: 'industryChain',
      label: { zh: '产业链', en: 'Industry chain' },
      type: 'text',
      max: 100,
      search: true,
    },
  ],
});

export const PROJECT_STATUSES = options(
  ['proposed', '申报中', 'Proposed'],
  ['funded', '已资助', 'Funded'],
  ['ongoing', '攻关中', 'In progress'],
  ['completed', '已完成', 'Completed'],
);

export const allianceProjects = defineRegistry({
  key: 'alliance-projects',
  label: { zh: '联盟技术攻关项目', en: 'Alliance research projects' },
  itemLabel: { zh: '攻关项目', en: 'Research project' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['title'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'title',
      label: { zh: '项目名称', en: 'Title' },
      type: 'text',
      required: true,
      max: 150,
      list: true,
      search: true,
    },
    {
      key: 'allianceId',
      label: { zh: '所属联盟', en: 'Alliance' },
      type: 'ref',
      ref: 'alliances',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'year',
      label: { zh: '年份', en: 'Year' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'status',
      label: { zh: '状态', en: 'Status' },
      type: 'enum',
      options: PROJECT_STATUSES,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'topTen',
      label: { zh: '十大技术攻关项目', en: 'One of the top ten' },
      type: 'bool',
      list: true,
      filter: true,
    },
    { key: 'summary', label: { zh: '攻关内容', en: 'Summary' }, type: 'longtext', max: 2000, search: true },
  ],
});

export const candidates = defineRegistry({
  key: 'candidates',
  label: { zh: '大国工匠浙江培育对象', en: 'Great-craftsman cultivation candidates' },
  itemLabel: { zh: '培育对象', en: 'Candidate' },
  ownerKinds: ['province', 'academy'],
  naturalKey: ['name', 'year'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '姓名', en: 'Name' },
      type: 'text',
      required: true,
      max: 50,
      list: true,
      search: true,
    },
    {
      key: 'year',
      label: { zh: '遴选年份', en: 'Year selected' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'field',
      label: { zh: '专业领域', en: 'Field' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'employerId',
      label: { zh: '工作单位', en: 'Employer' },
      type: 'org',
      orgKinds: ['enterprise'],
      list: true,
    },
    { key: 'phone', label: { zh: '手机', en: 'Mobile' }, type: 'phone' },
    {
      key: 'studioId',
      label: { zh: '领衔工作室', en: 'Studio led' },
      type: 'ref',
      ref: 'studios',
      list: true,
    },
  ],
});

export const cohorts = defineRegistry({
  key: 'cohorts',
  label: { zh: '培育行动期次', en: 'Cultivation cohorts' },
  itemLabel: { zh: '期次', en: 'Cohort' },
  ownerKinds: ['province', 'academy'],
  naturalKey: ['name'],
  defaultSort: { field: 'startDate', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '期次名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'year',
      label: { zh: '年份', en: 'Year' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'startDate',
      label: { zh: '开班日期', en: 'Start date' },
      type: 'date',
      required: true,
      list: true,
    },
    {
      key: 'participants',
      label: { zh: '参训人次', en: 'Participants' },
      type: 'int',
      required: true,
      min: 0,
      max: 100000,
      list: true,
    },
    {
      key: 'candidateIds',
      label: { zh: '参加的培育对象', en: 'Candidates taking part' },
      type: 'refs',
      ref: 'candidates',
    },
  ],
});

export const COMPETITION_LEVELS = options(
  ['national', '全国', 'National'],
  ['provincial', '省级', 'Provincial'],
  ['city', '市级', 'City'],
  ['county', '县级', 'County'],
);

export const competitions = defineRegistry({
  key: 'competitions',
  label: { zh: '职工职业技能竞赛', en: 'Skills competitions' },
  itemLabel: { zh: '竞赛', en: 'Competition' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['name', 'startDate'],
  defaultSort: { field: 'startDate', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '竞赛名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 150,
      list: true,
      search: true,
    },
    {
      key: 'level',
      label: { zh: '级别', en: 'Level' },
      type: 'enum',
      options: COMPETITION_LEVELS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'occupation',
      label: { zh: '竞赛工种（职业）', en: 'Occupation' },
      type: 'text',
      max: 100,
      search: true,
    },
    { key: 'organiser', label: { zh: '主办单位', en: 'Organiser' }, type: 'text', max: 150 },
    {
      key: 'startDate',
      label: { zh: '开始日期', en: 'Start date' },
      type: 'date',
      required: true,
      list: true,
    },
    { key: 'endDate', label: { zh: '结束日期', en: 'End date' }, type: 'date' },
    {
      key: 'participants',
      label: { zh: '参与人次', en: 'Participants (person-times)' },
      type: 'int',
      required: true,
      min: 0,
      max: 100_000_000,
      list: true,
    },
    {
      key: 'promotions',
      label: { zh: '技能晋升人数', en: 'Skill promotions' },
      type: 'int',
      min: 0,
      max: 10_000_000,
      list: true,
    },
  ],
});

export const UPGRADE_KINDS = options(
  ['education', '学历提升', 'Education upgrade'],
  ['skill', '技能晋升', 'Skill promotion'],
);

export const upgrades = defineRegistry({
  key: 'upgrades',
  label: { zh: '学历与技能提升', en: 'Education and skill upgrades' },
  itemLabel: { zh: '提升记录', en: 'Upgrade record' },
  ownerKinds: ['province', 'city', 'county', 'industry_union', 'enterprise'],
  naturalKey: ['kind', 'periodStart', 'periodEnd'],
  defaultSort: { field: 'periodEnd', order: 'desc' },
  fields: [
    {
      key: 'kind',
      label: { zh: '类别', en: 'Kind' },
      type: 'enum',
      options: UPGRADE_KINDS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'periodStart',
      label: { zh: '统计起始日', en: 'Period from' },
      type: 'date',
      required: true,
      list: true,
    },
    {
      key: 'periodEnd',
      label: { zh: '统计截止日', en: 'Period to' },
      type: 'date',
      required: true,
      list: true,
    },
    {
      key: 'people',
      label: { zh: '人数', en: 'People' },
      type: 'int',
      required: true,
      min: 0,
      max: 10_000_000,
      list: true,
    },
    { key: 'evidence', label: { zh: '佐证说明', en: 'Evidence' }, type: 'longtext', max: 2000 },
  ],
});

export const GRANT_RECIPIENT_KINDS = options(
  ['studio', '创新工作室', 'Studio'],
  ['alliance_project', '联盟攻关项目', 'Alliance project'],
  ['service_team', '技术服务队', 'Service team'],
  ['challenge', '揭榜挂帅项目', 'Challenge'],
  ['other', '其他', 'Other'],
);
export const FUND_LEVELS = options(
  ['provincial', '省级', 'Provincial'],
  ['city', '市级', 'City'],
  ['county', '县级', 'County'],
);
export const GRANT_PURPOSES = options(
  ['studio_funding', '工作室资助', 'Studio funding'],
  ['research', '技术攻关', 'Research'],
  ['assist_enterprises', '劳模工匠助企行', 'Assisting enterprises'],
  ['training', '培训', 'Training'],
  ['other', '其他', 'Other'],
);

export const grants = defineRegistry({
  key: 'grants',
  label: { zh: '资助与经费', en: 'Grants and funds' },
  itemLabel: { zh: '资助', en: 'Grant' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['recipientName', 'year', 'purpose', 'tranche'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'recipientKind',
      label: { zh: '资助对象类别', en: 'Recipient kind' },
      type: 'enum',
      options: GRANT_RECIPIENT_KINDS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'recipientName',
      label: { zh: '资助对象', en: 'Recipient' },
      type: 'text',
      required: true,
      max: 150,
      list: true,
      search: true,
    },
    { key: 'studioId', label: { zh: '关联工作室', en: 'Studio' }, type: 'ref', ref: 'studios' },
    {
      key: 'projectId',
      label: { zh: '关联攻关项目', en: 'Research project' },
      type: 'ref',
      ref: 'alliance-projects',
    },
    {
      key: 'amount',
      label: { zh: '金额（元）', en: 'Amount (yuan)' },
      type: 'decimal',
      required: true,
      min: 0,
      max: 1e10,
      list: true,
    },
    {
      key: 'year',
      label: { zh: '年度', en: 'Year' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'sourceLevel',
      label: { zh: '资金来源层级', en: 'Source level' },
      type: 'enum',
      options: FUND_LEVELS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'purpose',
      label: { zh: '用途', en: 'Purpose' },
      type: 'enum',
      options: GRANT_PURPOSES,
      required: true,
      list: true,
      filter: true,
    },
    { key: 'tranche', label: { zh: '拨付批次', en: 'Tranche' }, type: 'int', min: 1, max: 100 },
    { key: 'paidOn', label: { zh: '拨付日期', en: 'Paid on' }, type: 'date' },
  ],
});

export const wageNegotiations = defineRegistry({
  key: 'wage-negotiations',
  label: { zh: '能级工资集体协商', en: 'Skill-grade wage negotiations' },
  itemLabel: { zh: '协商记录', en: 'Negotiation' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['enterpriseId', 'year'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'enterpriseId',
      label: { zh: '企业', en: 'Enterprise' },
      type: 'org',
      orgKinds: ['enterprise'],
      required: true,
      list: true,
    },
    {
      key: 'year',
      label: { zh: '年度', en: 'Year' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    { key: 'signedOn', label: { zh: '签订日期', en: 'Signed on' }, type: 'date', list: true },
    {
      key: 'contractKind',
      label: { zh: '合同形式', en: 'Form' },
      type: 'enum',
      options: options(
        ['enterprise', '企业专项合同', 'Enterprise contract'],
        ['industry', '行业性合同', 'Industry contract'],
        ['regional', '区域性合同', 'Regional contract'],
        ['minutes', '会议纪要', 'Minutes'],
      ),
      list: true,
    },
    { key: 'evidence', label: { zh: '佐证说明', en: 'Evidence' }, type: 'longtext', max: 2000 },
  ],
});

export const MECHANISM_KINDS = options(
  ['coordination', '与科技、经信、人社、教育等部门相协同的职工创新工作机制', 'Coordination mechanism'],
  ['exchange', '职工创新成果交融（转化交易）机制', 'Achievement exchange mechanism'],
  ['service_integration', '劳模工匠助企服务行业交融机制', 'Service integration mechanism'],
);

export const mechanisms = defineRegistry({
  key: 'mechanisms',
  label: { zh: '工作机制建设', en: 'Mechanisms' },
  itemLabel: { zh: '机制', en: 'Mechanism' },
  ownerKinds: ['province', 'city', 'county'],
  naturalKey: ['kind'],
  defaultSort: { field: 'establishedOn', order: 'desc' },
  fields: [
    {
      key: 'kind',
      label: { zh: '机制类别', en: 'Kind' },
      type: 'enum',
      options: MECHANISM_KINDS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'establishedOn',
      label: { zh: '建立日期', en: 'Established on' },
      type: 'date',
      required: true,
      list: true,
    },
    {
      key: 'documentTitle',
      label: { zh: '依据文件', en: 'Establishing document' },
      type: 'text',
      required: true,
      max: 200,
      list: true,
      search: true,
    },
    { key: 'partners', label: { zh: '协同部门', en: 'Partner departments' }, type: 'text', max: 200 },
  ],
});
