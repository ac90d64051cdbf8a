// Entry point: providers (query cache, language, antd theme and locale) around the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { FeedbackBridge } from './components/feedback-bridge.tsx';
import { setDayjsLocale } from './lib/dayjs-locale.ts';
import { I18nProvider, useI18n } from './lib/i18n.tsx';
import { common } from './lib/messages.ts';
import { queryClient } from './lib/query-client.ts';
import { router } from './routes.tsx';
import './styles.css';

const THEME = {
  token: {
    colorPrimary: '#c8102e',
    colorLink: '#b00e28',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

function Themed() {
  const { lang, t } = useI18n();
  setDayjsLocale(lang);
  useEffect(() => {
    document.title = `${t(common.appName)} · ${t(common.appTitle)}`;
  }, [t]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <FeedbackBridge />
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
