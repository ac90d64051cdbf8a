// Exchange activities (职工创新交流活动) and theme lectures (主题宣讲) of the sharing platform:
// target 6 counts the county-level and higher organisations holding at least one activity,
// target 4 counts lecture sessions (≥ 10,000).
import { DIVISIONS } from '../orgs.ts';
import { defineRegistry, type Option, options } from './types.ts';

/** 赛、岗、学、展、奖、解、台 — the plan's seven modes of exchange, as the plan names them. */
export const EXCHANGE_MODES = options(
  ['contest', '赛', 'Contest'],
  ['post', '岗', 'On-the-job'],
  ['study', '学', 'Study'],
  ['exhibit', '展', 'Exhibition'],
  ['award', '奖', 'Award'],
  ['solve', '解', 'Problem solving'],
  ['platform', '台', 'Platform'],
);

/** The 90 county-level divisions of Zhejiang, by GB/T 2260 code, labelled with their city. */
export const COUNTY_OPTIONS: Option[] = DIVISIONS.filter((d) => d.level === 'county').map((d) => {
  const city = DIVISIONS.find((c) => c.code === d.parent)?.name ?? '';
  return { value: d.code, zh: `${city}${d.name}`, en: d.code };
});

export const exchangeActivities = defineRegistry({
  key: 'exchange-activities',
  label: { zh: '职工创新交流活动', en: 'Innovation exchange activities' },
  itemLabel: { zh: '交流活动', en: 'Exchange activity' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['name', 'heldOn'],
  defaultSort: { field: 'heldOn', order: 'desc' },
  fields: [
    {
      key: 'name',
      label: { zh: '活动名称', en: 'Name' },
      type: 'text',
      required: true,
      max: 150,
      list: true,
      search: true,
    },
    {
      key: 'mode',
      label: { zh: '交流形式', en: 'Mode' },
      type: 'enum',
      options: EXCHANGE_MODES,
      required: true,
      list: true,
      filter: true,
      help: { zh: '赛、岗、学、展、奖、解、台', en: 'The plan’s seven modes' },
    },
    {
      key: 'countyCode',
      label: { zh: '举办地（县、市、区）', en: 'County held in' },
      type: 'enum',
      options: COUNTY_OPTIONS,
      required: true,
      list: true,
      filter: true,
    },
    { key: 'heldOn', label: { zh: '举办日期', en: 'Date' }, type: 'date', required: true, list: true },
    {
      key: 'crossRegion',
      label: { zh: '跨区域', en: 'Cross-region' },
      type: 'bool',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'crossIndustry',
      label: { zh: '跨行业', en: 'Cross-industry' },
      type: 'bool',
      required: true,
      list: true,
      filter: true,
    },
    {
      key: 'participants',
      label: { zh: '参与人次', en: 'Participants (person-times)' },
      type: 'int',
      required: true,
      min: 0,
      max: 10_000_000,
      list: true,
    },
    { key: 'partners', label: { zh: '协办单位', en: 'Partners' }, type: 'text', max: 200, search: true },
    { key: 'summary', label: { zh: '活动简介', en: 'Summary' }, type: 'longtext', max: 2000, search: true },
  ],
});

export const lectures = defineRegistry({
  key: 'lectures',
  label: { zh: '主题宣讲', en: 'Theme lectures' },
  itemLabel: { zh: '宣讲', en: 'Lecture' },
  ownerKinds: ['province', 'city', 'county', 'industry_union'],
  naturalKey: ['topic', 'heldOn', 'audience'],
  defaultSort: { field: 'heldOn', order: 'desc' },
  fields: [
    {
      key: 'topic',
      label: { zh: '宣讲主题', en: 'Topic' },
      type: 'text',
      required: true,
      max: 150,
      list: true,
      search: true,
      help: {
        zh: '如：弘扬“三个精神”、发展新质生产力',
        en: 'e.g. the “three spirits”, new quality productive forces',
      },
    },
    { key: 'heldOn', label: { zh: '宣讲日期', en: 'Date' }, type: 'date', required: true, list: true },
    {
      key: 'speaker',
      label: { zh: '宣讲人', en: 'Speaker' },
      type: 'text',
      max: 100,
      list: true,
      search: true,
    },
    { key: 'venue', label: { zh: '宣讲地点', en: 'Venue' }, type: 'text', max: 150, search: true },
    {
      key: 'audience',
      label: { zh: '宣讲对象', en: 'Audience' },
      type: 'text',
      required: true,
      max: 150,
      list: true,
    },
    {
      key: 'audienceCount',
      label: { zh: '听众人数', en: 'Audience size' },
      type: 'int',
      min: 0,
      max: 1_000_000,
      list: true,
    },
  ],
});
