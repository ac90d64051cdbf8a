import { Typography } from 'antd';
import { useI18n } from '../lib/i18n.tsx';
import { common } from '../lib/messages.ts';

/** The 匠心 mark: a seal-like square with the name beside it. */
export function Brand({
  size = 'normal',
  inverse = false,
  compact = false,
}: {
  size?: 'normal' | 'large';
  inverse?: boolean;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const big = size === 'large';
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: big ? 14 : 10 }}>
      <div
        aria-hidden
        style={{
          width: big ? 52 : 32,
          height: big ? 52 : 32,
          borderRadius: 8,
          background: '#c8102e',
          color: '#fff',
          display: 'grid',
          placeItems: 'center',
          fontWeight: 700,
          fontSize: big ? 24 : 15,
          letterSpacing: 1,
        }}
      >
        匠
      </div>
      {compact ? null : (
        <div style={{ lineHeight: 1.2 }}>
          <Typography.Text strong style={{ fontSize: big ? 26 : 17, color: inverse ? '#fff' : undefined }}>
            {t(common.appName)}
          </Typography.Text>
          <div
            style={{
              fontSize: big ? 14 : 12,
              color: inverse ? 'rgba(255,255,255,0.75)' : 'rgba(0,0,0,0.55)',
            }}
          >
            {t(common.appTitle)}
          </div>
        </div>
      )}
    </div>
  );
}
