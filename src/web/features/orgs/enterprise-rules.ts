// Client-side checks of what the server checks again: USCC (GB 32100 check character) and
// mobile numbers, with messages in the interface language.
import { isValidMobile, usccCheckChar } from '#shared/validators.ts';
import { tr } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { m } from './messages.ts';

export const usccRule = {
  validator: async (_: unknown, raw: string | undefined) => {
    const value = (raw ?? '').trim().toUpperCase();
    if (!value) throw new Error(tr(common.required));
    if (value.length !== 18) throw new Error(tr(m.usccLength));
    const check = usccCheckChar(value.slice(0, 17));
    if (check === null || !/^[0-9A-HJ-NPQRTUWXY]$/.test(value[17])) throw new Error(tr(m.usccChars));
    if (check !== value[17]) throw new Error(tr(m.usccCheck, { c: check }));
  },
};

export const mobileRule = {
  validator: async (_: unknown, raw: string | undefined) => {
    const value = (raw ?? '').trim();
    if (value && !isValidMobile(value)) throw new Error(tr(common.invalidMobile));
  },
};
