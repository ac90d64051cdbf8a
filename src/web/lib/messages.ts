// Strings shared across the app (layout, common actions, errors). Feature-specific strings
// live in each feature's messages.ts. Both languages side by side.
import type { Msg } from './i18n.tsx';

export const common = {
  appName: { zh: '匠心', en: 'Jiangxin' },
  appTitle: { zh: '浙江省职工创新工作平台', en: 'Zhejiang Worker Innovation Platform' },
  federation: { zh: '浙江省总工会', en: 'Zhejiang Federation of Trade Unions' },
  loading: { zh: '加载中…', en: 'Loading…' },
  save: { zh: '保存', en: 'Save' },
  cancel: { zh: '取消', en: 'Cancel' },
  create: { zh: '新建', en: 'New' },
  edit: { zh: '编辑', en: 'Edit' },
  delete: { zh: '删除', en: 'Delete' },
  search: { zh: '搜索', en: 'Search' },
  reset: { zh: '重置', en: 'Reset' },
  refresh: { zh: '刷新', en: 'Refresh' },
  actions: { zh: '操作', en: 'Actions' },
  all: { zh: '全部', en: 'All' },
  allOf: { zh: '{label}：全部', en: '{label}: all' },
  nameWithId: { zh: '{name}（{id}）', en: '{name} ({id})' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  none: { zh: '无', en: 'None' },
  confirm: { zh: '确定', en: 'OK' },
  total: { zh: '共 {n} 条', en: '{n} in total' },
  saved: { zh: '已保存', en: 'Saved' },
  deleted: { zh: '已删除', en: 'Deleted' },
  required: { zh: '请填写此项', en: 'Required' },
  optional: { zh: '选填', en: 'Optional' },
  forbiddenTitle: { zh: '无权访问', en: 'No access' },
  forbiddenText: { zh: '您的账号没有访问此页面的权限。', en: 'Your account may not open this page.' },
  notFoundTitle: { zh: '页面不存在', en: 'Page not found' },
  backHome: { zh: '返回首页', en: 'Back to home' },
  conflictTitle: { zh: '数据已被他人修改', en: 'Changed by someone else' },
  conflictHint: {
    zh: '已为您刷新为最新数据，请核对后重新操作。',
    en: 'The latest data has been loaded; please check and try again.',
  },
  sessionExpired: { zh: '登录已失效，请重新登录', en: 'Your session has ended; please sign in again' },
  networkError: {
    zh: '无法连接服务器，请检查网络后重试',
    en: 'Cannot reach the server; check the network and retry',
  },
  httpError: {
    zh: '服务器暂时无法响应（HTTP {status}），请稍后再试',
    en: 'The server cannot answer now (HTTP {status}); retry later',
  },
  invalidMobile: {
    zh: '手机号码无效：应为 11 位，以 1 开头',
    en: 'Invalid mobile number: 11 digits starting with 1',
  },
  invalidEmail: { zh: '邮箱格式有误', en: 'Invalid e-mail address' },
  mountainCounty: { zh: '山区县', en: 'Mountain county' },
  islandCounty: { zh: '海岛县', en: 'Island county' },
  mountain26: { zh: '26县', en: '26 counties' },
  mountain26Hint: {
    zh: '浙江省山区 26 县（跨越式高质量发展）',
    en: 'One of the 26 mountain counties of Zhejiang (leapfrog development programme)',
  },
} satisfies Record<string, Msg>;

export const nav = {
  home: { zh: '首页', en: 'Home' },
  orgs: { zh: '组织机构', en: 'Organisations' },
  mountainIsland: { zh: '山区海岛县名单', en: 'Mountain & island counties' },
  users: { zh: '用户管理', en: 'Users' },
  audit: { zh: '审计日志', en: 'Audit log' },
  profile: { zh: '个人中心', en: 'My account' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  language: { zh: '语言', en: 'Language' },
  collapse: { zh: '收起菜单', en: 'Collapse menu' },
} satisfies Record<string, Msg>;
