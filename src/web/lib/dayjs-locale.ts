// antd's date pickers take week and month names from dayjs (a dependency of antd); keep
// them in the interface language.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Lang } from './i18n.tsx';

export function setDayjsLocale(lang: Lang) {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}
