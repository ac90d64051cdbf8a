// A searchable picker of GB/T 4754-2017 divisions (大类), grouped by section (门类).
import { Select } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../lib/i18n.tsx';
import { useIndustries } from './api.ts';
import { m } from './messages.ts';

export function IndustryDivisionSelect(props: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const industries = useIndustries();
  const options = useMemo(
    () =>
      (industries.data ?? []).map((s) => ({
        label: `${s.code} ${s.name}`,
        title: s.name,
        options: s.divisions.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` })),
      })),
    [industries.data],
  );
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      loading={industries.isPending}
      placeholder={t(m.industryPlaceholder)}
      options={options}
      data-testid="industry-select"
    />
  );
}

/** "C 34 通用设备制造业" from a division code, for tables. */
export function useIndustryName(): (code: string | null) => string {
  const industries = useIndustries();
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of industries.data ?? [])
      for (const d of s.divisions) map.set(d.code, `${d.code} ${d.name}`);
    return map;
  }, [industries.data]);
  return (code) => (code ? (names.get(code) ?? code) : '');
}
