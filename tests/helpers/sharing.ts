// One achievement through the whole sharing chain (draft → published → offer → intention →
// deal) via the API, for tests that need one object of each kind (the access matrix).
import { eq } from 'drizzle-orm';
import { organizations } from '../../src/server/db/schema/orgs.ts';
import { addUser, type Client, signedIn, type TestEnv } from './app.ts';

/**
 * `union` keeps `enterpriseId`'s county; a contact of `buyerEnterpriseId` (default: another
 * enterprise of the same county) sends the intention. Returns ids by the routes that read them.
 */
export async function createSharingChain(
  env: TestEnv,
  union: Client,
  enterpriseId: number,
  buyerEnterpriseId?: number,
) {
  const cats = (await union.get('/api/achievement-categories')).body as any[];
  const a = await union.post('/api/achievements', {
    orgId: enterpriseId,
    title: '焊接机器人自动送丝防堵机构',
    categoryId: cats[0].id,
    year: 2025,
    description: '改进送丝轮压紧结构并增加导丝管清理气路，解决焊丝打结停机。',
    authors: [{ name: '周师傅', phone: '13800009999', publicConsent: true }],
  });
  if (a.status !== 201) throw new Error(`achievement: ${a.status} ${a.text}`);
  let v = a.body.version;
  for (const step of ['submit', 'approve', 'publish']) {
    const r = await union.post(`/api/achievements/${a.body.id}/${step}`, { version: v });
    if (r.status !== 200) throw new Error(`${step}: ${r.status} ${r.text}`);
    v = r.body.version;
  }
  const offer = await union.post('/api/offers', {
    achievementId: a.body.id,
    mode: 'transfer',
    terms: '整体转让，含图纸',
    price: 8,
    listedOn: '2025-06-01',
  });
  if (offer.status !== 201) throw new Error(`offer: ${offer.status} ${offer.text}`);
  const [owner] = await env.db.select().from(organizations).where(eq(organizations.id, enterpriseId));
  let buyerId = buyerEnterpriseId;
  if (!buyerId) {
    const siblings = await env.db
      .select()
      .from(organizations)
      .where(eq(organizations.parentId, owner.parentId!));
    buyerId = siblings.find((o) => o.kind === 'enterprise' && o.id !== enterpriseId)!.id;
  }
  const [buyerOrg] = await env.db.select().from(organizations).where(eq(organizations.id, buyerId));
  const username = `buyer.${buyerId}`;
  await addUser(env, username, buyerOrg.code, ['enterprise_contact']);
  const buyer = await signedIn(env, username);
  const intent = await buyer.post(`/api/offers/${offer.body.id}/intentions`, {
    message: '有意受让',
    contactName: '孙',
  });
  if (intent.status !== 201) throw new Error(`intention: ${intent.status} ${intent.text}`);
  const deal = await union.post('/api/deals', {
    offerId: offer.body.id,
    intentionId: intent.body.id,
    buyerName: buyerOrg.name,
    amount: 8,
    signedOn: '2025-07-01',
  });
  if (deal.status !== 201) throw new Error(`deal: ${deal.status} ${deal.text}`);
  return {
    '/api/achievements/{id}': a.body.id as number,
    '/api/achievements/{id}/events': a.body.id as number,
    '/api/offers/{id}': offer.body.id as number,
    '/api/intentions/{id}': intent.body.id as number,
    '/api/deals/{id}': deal.body.id as number,
  };
}
