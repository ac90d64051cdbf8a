// 合作意向 on the public showcase: a signed-in enterprise contact writes to the union that keeps
// the offer; anyone else is asked to sign in and comes back to this page afterwards.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { fetchMe, type Me, sendIntention } from './api.ts';

export function IntentionForm({ offerId, returnTo }: { offerId: number; returnTo: string }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState(false);
  const uid = useId();
  useEffect(() => {
    fetchMe().then(setMe, () => setMe(null));
  }, []);

  const login = `/login?next=${encodeURIComponent(returnTo)}`;
  if (me === undefined) return null;
  if (me === null)
    return (
      <p className="intent-hint">
        <a href={login} data-testid={`intention-login-${offerId}`}>
          企业联系人请登录后提交合作意向
        </a>
        （登录后自动回到本页）
      </p>
    );
  if (!me.permissions.includes('send:intention:own-org') || !me.roles.includes('enterprise_contact'))
    return <p className="intent-hint">合作意向由企业联系人账号提交；您当前以“{me.org.name}”的身份登录。</p>;
  if (sent)
    return (
      <p className="intent-ok" role="status">
        合作意向已提交，所在地工会将与您联系。
      </p>
    );
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid={`intention-open-${offerId}`}>
        提交合作意向
      </button>
    );

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const message = String(f.get('message') ?? '').trim();
    const contactName = String(f.get('contactName') ?? '').trim();
    const contactPhone = String(f.get('contactPhone') ?? '').trim();
    if (message.length < 2) return setError('请填写合作意向说明（至少 2 个字）');
    if (!contactName) return setError('请填写联系人');
    if (contactPhone && !/^1\d{10}$/.test(contactPhone)) return setError('联系电话应为 11 位手机号码');
    setBusy(true);
    setError('');
    try {
      await sendIntention(offerId, { message, contactName, contactPhone: contactPhone || null });
      setSent(true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="intent"
      onSubmit={submit}
      aria-label="提交合作意向"
      data-testid={`intention-form-${offerId}`}
    >
      <p className="meta">以“{me.org.name}”的名义提交</p>
      <label htmlFor={`${uid}-m`}>合作意向说明</label>
      <textarea id={`${uid}-m`} name="message" rows={3} maxLength={2000} required />
      <label htmlFor={`${uid}-n`}>联系人</label>
      <input id={`${uid}-n`} name="contactName" maxLength={50} required defaultValue={me.displayName} />
      <label htmlFor={`${uid}-p`}>联系电话（选填，仅工会可见）</label>
      <input id={`${uid}-p`} name="contactPhone" inputMode="numeric" maxLength={11} />
      {error && (
        <p role="alert" className="intent-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '提交中…' : '提交'}
      </button>
    </form>
  );
}
