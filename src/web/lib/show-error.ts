// Shows a failed request to the user: the server's Chinese message as it came (in English
// mode prefixed with the English name of the error code).
import { createElement } from 'react';
import { ERROR_CODES, type ErrorCode } from '#shared/errors.ts';
import { ApiError } from './api-client.ts';
import { feedback } from './feedback.ts';
import { getLang, type Msg, tr } from './i18n.tsx';
import { common } from './messages.ts';

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (getLang() === 'en') {
      const en = (ERROR_CODES as Record<string, { en: string }>)[err.code as ErrorCode]?.en;
      return en ? `${en} — ${err.message}` : err.message;
    }
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function showError(err: unknown) {
  const text = errorText(err);
  if (feedback.current) feedback.current.message.error({ content: text, key: text, duration: 5 });
  else console.error(text);
}

/** A stale version (409): explain, and let the caller reload the data. */
export function showConflict(err: unknown, onOk?: () => void) {
  const modal = feedback.current?.modal;
  if (!modal) return showError(err);
  modal.warning({
    title: tr(common.conflictTitle),
    content: createElement(
      'div',
      null,
      createElement('p', null, errorText(err)),
      createElement('p', null, tr(common.conflictHint)),
    ),
    okText: tr(common.confirm),
    onOk,
  });
}

export function showSuccess(msg: Msg, vars?: Record<string, string | number>) {
  feedback.current?.message.success(tr(msg, vars));
}

/** Done, with something the user should act on (stays longer than a success). */
export function showWarning(msg: Msg, vars?: Record<string, string | number>) {
  feedback.current?.message.warning({ content: tr(msg, vars), duration: 8 });
}
