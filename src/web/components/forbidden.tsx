import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../lib/i18n.tsx';
import { common } from '../lib/messages.ts';

export function Forbidden() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t(common.forbiddenTitle)}
      subTitle={t(common.forbiddenText)}
      extra={
        <Link to="/">
          <Button type="primary">{t(common.backHome)}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t(common.notFoundTitle)}
      extra={
        <Link to="/">
          <Button type="primary">{t(common.backHome)}</Button>
        </Link>
      }
    />
  );
}
