// The plan's carriers (载体): innovation studios, innovation workstations, craftsman academies
// and training bases, training sessions. Targets 7, 9, 10, 17–19 count these records.
import { defineRegistry, options } from './types.ts';

export const STUDIO_LEVELS = options(
  ['national', '全国级', 'National'],
  ['provincial', '省级', 'Provincial'],
  ['city', '市级', 'City'],
  ['county', '县级', 'County'],
  ['enterprise', '企业级', 'Enterprise'],
);

export const STUDIO_STATUSES = options(
  ['active', '运行中', 'Active'],
  ['reconfirming', '复核中', 'Under re-confirmation'],
  ['revoked', '已撤销', 'Revoked'],
);

export const studios = defineRegistry({
  key: 'studios',
  label: { zh: '劳模工匠创新工作室', en: 'Model-worker and craftsman innovation studios' },
  itemLabel: { zh: '工作室', en: 'Studio' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['name'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '工作室名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'level',
      label: { zh: '级别', en: 'Level' },
      type: 'enum',
      options: STUDIO_LEVELS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'year',
      label: { zh: '命名年份', en: 'Year recognised' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    { key: 'batch', label: { zh: '批次', en: 'Batch' }, type: 'text', max: 30 },
    {
      key: 'leaderName',
      label: { zh: '领衔人', en: 'Leader' },
      type: 'text',
      required: true,
      max: 50,
      list: true,
      search: true,
    },
    { key: 'leaderHonours', label: { zh: '领衔人荣誉', en: 'Leader’s honours' }, type: 'text', max: 200 },
    { key: 'leaderPhone', label: { zh: '领衔人手机', en: 'Leader’s mobile' }, type: 'phone' },
    {
      key: 'enterpriseId',
      label: { zh: '依托企业', en: 'Host enterprise' },
      type: 'org',
      orgKinds: ['enterprise'],
      list: true,
    },
    {
      key: 'industryChain',
      label: { zh: '所属产业链', en: 'Industry chain' },
      type: 'text',
      max: 100,
      filter: false,
      search: true,
    },
    { key: 'focus', label: { zh: '创新方向', en: 'Focus' }, type: 'longtext', max: 1000, search: true },
    { key: 'memberCount', label: { zh: '成员人数', en: 'Members' }, type: 'int', min: 0, max: 10000 },
    {
      key: 'status',
      label: { zh: '状态', en: 'Status' },
      type: 'enum',
      options: STUDIO_STATUSES,
      required: true,
      list: true,
      filter: true,
    },
    { key: 'reconfirmedYear', label: { zh: '最近复核年份', en: 'Last re-confirmed' }, type: 'year' },
  ],
});

export const WORKSTATION_LEVELS = options(
  ['provincial', '省级', 'Provincial'],
  ['city', '市级', 'City'],
  ['county', '县级', 'County'],
);

export const workstations = defineRegistry({
  key: 'workstations',
  label: { zh: '企业职工创新工作站', en: 'Enterprise worker-innovation workstations' },
  itemLabel: { zh: '工作站', en: 'Workstation' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['enterpriseId', 'level'],
  defaultSort: { field: 'year', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '工作站名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'enterpriseId',
      label: { zh: '所在企业', en: 'Enterprise' },
      type: 'org',
      orgKinds: ['enterprise'],
      required: true,
      list: true,
    },
    {
      key: 'level',
      label: { zh: '级别', en: 'Level' },
      type: 'enum',
      options: WORKSTATION_LEVELS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'year',
      label: { zh: '公布年份', en: 'Year published' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'longtext', max: 1000 },
  ],
});

export const ACADEMY_LEVELS = options(
  ['zhejiang', '浙江工匠学院', 'Zhejiang Craftsman Academy'],
  ['provincial_site', '省级建设点', 'Provincial construction site'],
  ['city', '市级', 'City'],
  ['county', '县级', 'County'],
  ['enterprise', '企业', 'Enterprise'],
);

export const ACADEMY_KINDS = options(
  ['academy', '工匠学院', 'Craftsman academy'],
  ['training_base', '实训基地', 'Training base'],
);

export const academies = defineRegistry({
  key: 'academies',
  label: { zh: '工匠学院与实训基地', en: 'Craftsman academies and training bases' },
  itemLabel: { zh: '学院或基地', en: 'Academy or base' },
  ownerKinds: ['province', 'academy', 'city', 'county', 'industry_union'],
  naturalKey: ['name'],
  defaultSort: { field: 'yearEstablished', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'kind',
      label: { zh: '类型', en: 'Kind' },
      type: 'enum',
      options: ACADEMY_KINDS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'level',
      label: { zh: '级别', en: 'Level' },
      type: 'enum',
      options: ACADEMY_LEVELS,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'yearEstablished',
      label: { zh: '建成年份', en: 'Year established' },
      type: 'year',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'hostName',
      label: { zh: '依托单位', en: 'Host institution' },
      type: 'text',
      max: 100,
      search: true,
    },
    { key: 'address', label: { zh: '地址', en: 'Address' }, type: 'text', max: 200 },
  ],
});

export const COURSE_SERIES = options(
  ['triz', 'TRIZ 创新思维系列', 'TRIZ innovation thinking'],
  ['craftsmanship', '工匠精神与职业素养', 'Craftsmanship'],
  ['skills', '技能提升', 'Skills'],
  ['digital', '数字化与智能制造', 'Digital and smart manufacturing'],
  ['management', '质量与管理', 'Quality and management'],
  ['other', '其他', 'Other'],
);

/** The course catalogue (课程目录): a dictionary the province keeps and every level uses. */
export const courses = defineRegistry({
  key: 'courses',
  label: { zh: '课程目录', en: 'Course catalogue' },
  itemLabel: { zh: '课程', en: 'Course' },
  ownerKinds: ['province', 'academy'],
  naturalKey: ['name'],
  defaultSort: { field: 'series', order: 'asc' },
  group: 'dictionaries',
  shared: true,
  fields: [
    {
      key: 'name',
      label: { zh: '课程名称', en: 'Course' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'series',
      label: { zh: '课程系列', en: 'Series' },
      type: 'enum',
      options: COURSE_SERIES,
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'triz',
      label: { zh: 'TRIZ 创新思维课程', en: 'TRIZ course' },
      type: 'bool',
      list: true,
      filter: true,
    },
    { key: 'hours', label: { zh: '学时', en: 'Hours' }, type: 'int', min: 0, max: 1000, list: true },
    { key: 'active', label: { zh: '在用', en: 'In use' }, type: 'bool', list: true, filter: true },
    { key: 'summary', label: { zh: '课程简介', en: 'Summary' }, type: 'longtext', max: 1000, search: true },
  ],
});

export const training = defineRegistry({
  key: 'training-sessions',
  label: { zh: '培训开展情况', en: 'Training sessions' },
  itemLabel: { zh: '培训', en: 'Training session' },
  ownerKinds: ['province', 'academy', 'city', 'county', 'industry_union', 'enterprise'],
  naturalKey: ['academyId', 'course', 'startDate'],
  defaultSort: { field: 'startDate', order: 'desc' },
  fields: [
    {
      key: 'academyId',
      label: { zh: '承办学院或基地', en: 'Academy or base' },
      type: 'ref',
      ref: 'academies',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'course',
      label: { zh: '课程', en: 'Course' },
      type: 'text',
      required: true,
      max: 100,
      list: true,
      search: true,
    },
    {
      key: 'courseId',
      label: { zh: '目录课程', en: 'Catalogue course' },
      type: 'ref',
      ref: 'courses',
      filter: true,
      help: { zh: '课程目录中的对应课程（用于统计 TRIZ 等系列课程）', en: 'The course in the catalogue' },
    },
    {
      key: 'triz',
      label: { zh: 'TRIZ 创新思维课程', en: 'TRIZ course' },
      type: 'bool',
      list: true,
      filter: true,
    },
    {
      key: 'startDate',
      label: { zh: '开始日期', en: 'Start date' },
      type: 'date',
      required: true,
      list: true,
    },
    { key: 'endDate', label: { zh: '结束日期', en: 'End date' }, type: 'date' },
    {
      key: 'personTimes',
      label: { zh: '培训人次', en: 'Person-times' },
      type: 'int',
      required: true,
      min: 0,
      max: 1_000_000,
      list: true,
    },
    {
      key: 'demonstration',
      label: { zh: '浙江工匠学院示范培训', en: 'Academy demonstration training' },
      type: 'bool',
      filter: true,
    },
    {
      key: 'mountainIsland',
      label: { zh: '服务山区海岛县', en: 'Serves a mountain or island county' },
      type: 'bool',
      filter: true,
    },
  ],
});
