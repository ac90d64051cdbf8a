import { Spin } from 'antd';
import { useI18n } from '../lib/i18n.tsx';
import { common } from '../lib/messages.ts';

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" description={t(common.loading)} />
    </div>
  );
}
