// The showcase's only script (a few kilobytes, no framework): the pages arrive rendered from
// the server and work without it. It submits the filters when one changes, and turns the
// sign-in prompt under an offer into the intention form for a signed-in enterprise contact.
import { fetchMe, type Me, sendIntention } from './api.ts';
import './public.css';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

// Filters: a change submits (a new city clears the county of the old one).
for (const form of document.querySelectorAll<HTMLFormElement>('form.filters')) {
  form.addEventListener('change', (e) => {
    const t = e.target as HTMLSelectElement;
    if (t.name === 'city' && form.elements.namedItem('county'))
      (form.elements.namedItem('county') as HTMLSelectElement).value = '';
    form.requestSubmit();
  });
}

let seq = 0;
function intentionForm(box: HTMLElement, offerId: number, me: Me) {
  const id = `intent-${++seq}`;
  const message = el('textarea', {
    id: `${id}-m`,
    name: 'message',
    rows: '3',
    maxlength: '2000',
    required: '',
  });
  const contact = el('input', { id: `${id}-n`, name: 'contactName', maxlength: '50', required: '' });
  contact.value = me.displayName;
  const phone = el('input', { id: `${id}-p`, name: 'contactPhone', inputmode: 'numeric', maxlength: '11' });
  const error = el('p', { role: 'alert', class: 'intent-error' });
  const submit = el('button', { type: 'submit' }, '提交');
  const form = el(
    'form',
    { class: 'intent', 'aria-label': '提交合作意向', 'data-testid': `intention-form-${offerId}` },
    el('p', { class: 'meta' }, `以“${me.org.name}”的名义提交`),
    el('label', { for: `${id}-m` }, '合作意向说明'),
    message,
    el('label', { for: `${id}-n` }, '联系人'),
    contact,
    el('label', { for: `${id}-p` }, '联系电话（选填，仅工会可见）'),
    phone,
    error,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const m = message.value.trim();
    const n = contact.value.trim();
    const p = phone.value.trim();
    error.textContent =
      m.length < 2
        ? '请填写合作意向说明（至少 2 个字）'
        : !n
          ? '请填写联系人'
          : p && !/^1\d{10}$/.test(p)
            ? '联系电话应为 11 位手机号码'
            : '';
    if (error.textContent) return;
    submit.disabled = true;
    submit.textContent = '提交中…';
    try {
      await sendIntention(offerId, { message: m, contactName: n, contactPhone: p || null });
      box.replaceChildren(
        el('p', { class: 'intent-ok', role: 'status' }, '合作意向已提交，所在地工会将与您联系。'),
      );
    } catch (err) {
      error.textContent = (err as Error).message;
      submit.disabled = false;
      submit.textContent = '提交';
    }
  });
  return form;
}

// Intentions: only where an offer is shown, and only then ask who is signed in.
const boxes = [...document.querySelectorAll<HTMLElement>('[data-intention]')];
if (boxes.length) {
  fetchMe()
    .then((me) => {
      if (!me) return; // the server-rendered sign-in prompt stays
      for (const box of boxes) {
        const offerId = Number(box.dataset.intention);
        if (!me.roles.includes('enterprise_contact') || !me.permissions.includes('send:intention:own-org')) {
          box.replaceChildren(
            el(
              'p',
              { class: 'intent-hint' },
              `合作意向由企业联系人账号提交；您当前以“${me.org.name}”的身份登录。`,
            ),
          );
          continue;
        }
        const open = el(
          'button',
          { type: 'button', 'data-testid': `intention-open-${offerId}` },
          '提交合作意向',
        );
        open.addEventListener('click', () => {
          const form = intentionForm(box, offerId, me);
          box.replaceChildren(form);
          form.querySelector('textarea')?.focus();
        });
        box.replaceChildren(open);
      }
    })
    .catch(() => {});
}
