// Puts the server's per-field issues (`error.issues[].path`) on the fields of an antd form.
import type { FormInstance } from 'antd';
import { ApiError } from './api-client.ts';

/** Returns true when at least one issue landed on a field. `aliases` maps server paths to field names. */
export function applyIssues(form: FormInstance, err: unknown, aliases: Record<string, string> = {}): boolean {
  if (!(err instanceof ApiError) || err.issues.length === 0) return false;
  const byField = new Map<string, string[]>();
  for (const issue of err.issues) {
    const path = aliases[issue.path] ?? issue.path;
    if (!path) continue;
    byField.set(path, [...(byField.get(path) ?? []), issue.message]);
  }
  const known = form.getFieldsValue() as Record<string, unknown>;
  const fields = [...byField]
    .map(([path, errors]) => ({
      name: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      errors,
    }))
    .filter((f) => String(f.name[0]) in known);
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
