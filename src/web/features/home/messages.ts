import type { Msg } from '../../lib/i18n.tsx';

export const m = {
  welcome: { zh: '您好，{name}', en: 'Welcome, {name}' },
  intro: {
    zh: '“匠心”是浙江省总工会的职工创新工作平台，汇聚劳模工匠、创新工作室与职工创新成果，贯通省、市、县三级工会。',
    en: 'Jiangxin is the worker innovation platform of the Zhejiang Federation of Trade Unions, linking model workers, craftsmen, innovation studios and their results across the province, cities and counties.',
  },
  yourOrg: { zh: '所属组织：{org}', en: 'Organisation: {org}' },
  yourRoles: { zh: '角色', en: 'Roles' },
  scopeTitle: { zh: '管辖范围概况', en: 'Your scope at a glance' },
  cities: { zh: '设区市', en: 'Cities' },
  counties: { zh: '县（市、区）', en: 'Counties' },
  enterprises: { zh: '登记企业', en: 'Enterprises' },
  mountain: { zh: '山区县', en: 'Mountain counties' },
  island: { zh: '海岛县', en: 'Island counties' },
  mountain26: { zh: '山区 26 县', en: 'The 26 mountain counties' },
  industryUnions: { zh: '省级产业工会', en: 'Industry unions' },
  shortcuts: { zh: '常用功能', en: 'Shortcuts' },
  noScope: {
    zh: '您的角色不涉及组织数据。可在左侧菜单进入您有权使用的功能。',
    en: 'Your role does not cover organisation data. Use the menu on the left for what you may do.',
  },
} satisfies Record<string, Msg>;
