// The two interface languages. Every string the app shows is a `{ zh, en }` pair kept side
// by side (here, in each feature's messages.ts, or in #shared labels); `t` picks one.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export type Lang = 'zh' | 'en';
export interface Msg {
  zh: string;
  en: string;
}
export type Vars = Record<string, string | number>;

const STORAGE_KEY = 'jx.lang';

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

// Kept outside React too, for messages raised outside components (the query cache).
let currentLang: Lang = readStoredLang();
export const getLang = (): Lang => currentLang;

/** `{name}` placeholders are filled from `vars`. */
export function translate(lang: Lang, msg: Msg, vars?: Vars): string {
  const text = msg[lang];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in vars ? String(vars[k]) : whole));
}

export const tr = (msg: Msg, vars?: Vars) => translate(currentLang, msg, vars);

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (msg: Msg, vars?: Vars) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((next: Lang) => {
    currentLang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {}
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (m, v) => translate(lang, m, v) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
