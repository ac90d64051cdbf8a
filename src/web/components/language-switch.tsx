import { Segmented } from 'antd';
import { type Lang, useI18n } from '../lib/i18n.tsx';
import { nav } from '../lib/messages.ts';

/** 中文 / English: every string of the app follows, and the choice is remembered. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t(nav.language)}
      data-testid="language-switch"
      value={lang}
      onChange={setLang}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
