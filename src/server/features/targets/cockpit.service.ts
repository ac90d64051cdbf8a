// The cockpit's map: one metric for every county (and every city) below an organisation, in
// one evaluation, so the map is coloured without one request per city.
import { assertPermission, type AuthedContext, type ServiceContext } from '../../lib/context.ts';
import { isInScope } from '../../lib/scope.ts';
import {
  evaluatedOrgs,
  evaluatePlan,
  findMetric,
  metricProgressFor,
  resolveAsOf,
  resolveOrg,
} from './targets.service.ts';

/** A metric for each city and county under `org` (the actor's scope only), for the map and the bars. */
export async function metricByArea(
  ctx: ServiceContext,
  year: number,
  key: string,
  q: { org?: string; asOf?: string },
) {
  assertPermission(ctx, 'read:target:subtree');
  const actor = (ctx as AuthedContext).actor;
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(ctx as AuthedContext, orgs, q.org);
  const ev = await evaluatePlan(ctx.db, year, asOf, orgs, [key]);
  const metric = findMetric(ev.plan, key);
  const codeOf = new Map(orgs.map((o) => [o.id, o.code]));
  const items = orgs
    .filter(
      (o) =>
        (o.kind === 'city' || o.kind === 'county') &&
        o.path.startsWith(org.path) &&
        isInScope(actor, o.path, o.altPath),
    )
    .map((o) => {
      const p = metricProgressFor(ev, metric, o);
      return {
        org: { id: o.id, code: o.code, name: o.name, kind: o.kind },
        parentCode: o.parentId === null ? null : (codeOf.get(o.parentId) ?? null),
        target: p.target,
        actual: p.actual,
        pending: p.pending,
        completion: p.progress.completion,
        pace: p.progress.pace,
      };
    });
  return {
    year,
    asOf,
    org: { id: org.id, code: org.code, name: org.name, kind: org.kind },
    metric: {
      key: metric.key,
      label: metric.label,
      unit: metric.unit,
      kind: metric.kind,
      source: metric.source,
      planTarget: metric.target,
    },
    items,
  };
}
