// The sharing platform's part of the demo province: the written corpus as published
// achievements spread over the counties (so the public pages look alive), a few drafts and
// submissions for the review queue, some offers, and exchange activities and lectures.
import { DIVISIONS } from '#shared/orgs.ts';
import type { Db } from '../../db/client.ts';
import { createHash } from 'node:crypto';
import { attachments, files } from '../../db/schema/files.ts';
import { achievements, exchangeActivities, lectures } from '../../db/schema/sharing.ts';
import { demoPng } from './sharing.demo-image.ts';
import { PUBLIC_MEDIA } from './sharing.media.ts';
import { rng } from '../demo/factories.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { eq } from 'drizzle-orm';
import { CORPUS } from './sharing.corpus.ts';
import { makeAchievement, makeOffer } from './sharing.factories.ts';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '朱',
  '胡',
  '郭',
  '何',
];
const GIVEN = ['建国', '志强', '海峰', '丽娟', '晓东', '国平', '伟', '敏', '军', '红梅', '宏伟', '立新'];
const TITLES = ['浙江工匠', '高级技师', '全国劳动模范', '省级劳动模范', '技师', '首席技师', null];
const MODES = ['transfer', 'license', 'cooperation', 'free'] as const;
const EXCHANGE_MODES = ['contest', 'post', 'study', 'exhibit', 'award', 'solve', 'platform'];

/** A picture of a published achievement (six illustrations shared by all, stored once each). */
async function attachDemoPicture(db: Db, achievementId: number, i: number) {
  const content = demoPng(640, 400, [350, 20, 200, 140, 260, 40][i % 6]);
  const sha256 = createHash('sha256').update(content).digest('hex');
  await db
    .insert(files)
    .values({ sha256, size: content.length, mimeType: 'image/png', content })
    .onConflictDoNothing({ target: files.sha256 });
  const [f] = await db.select({ id: files.id }).from(files).where(eq(files.sha256, sha256));
  const [a] = await db.select().from(achievements).where(eq(achievements.id, achievementId));
  await db.insert(attachments).values({
    fileId: f.id,
    ownerType: PUBLIC_MEDIA,
    ownerId: achievementId,
    orgId: a.orgId,
    orgPath: a.orgPath,
    orgAltPath: a.orgAltPath,
    name: '成果现场照片.png',
  });
}

/** `enterprises`: one enterprise per county (the demo's first of each). */
export async function seedSharingDemo(db: Db, enterprises: number[]) {
  const r = rng(2025);
  const person = () =>
    `${SURNAMES[Math.floor(r() * SURNAMES.length)]}${GIVEN[Math.floor(r() * GIVEN.length)]}`;
  for (const [i, item] of CORPUS.entries()) {
    const enterpriseId = enterprises[(i * 7) % enterprises.length];
    const state = i < 36 ? 'published' : i < 39 ? 'submitted' : 'draft';
    const at = new Date(Date.UTC(2025, i % 10, 1 + (i % 27), 2));
    const a = await makeAchievement(db, {
      enterpriseId,
      item,
      year: i % 4 === 0 ? 2024 : 2025,
      state,
      at,
      // About a third of the second authors have not consented to be shown.
      authors: [
        { name: person(), title: TITLES[Math.floor(r() * TITLES.length)] ?? undefined, publicConsent: true },
        { name: person(), phone: `139${String(10_000_000 + i * 7919).slice(-8)}`, publicConsent: r() > 0.33 },
      ],
    });
    if (state === 'published') await attachDemoPicture(db, a.id, i);
    if (state === 'published' && i % 3 === 0) {
      const mode = MODES[i % MODES.length];
      await makeOffer(db, {
        achievementId: a.id,
        mode,
        price: mode === 'free' ? null : i % 2 ? 5 + i : null,
      });
    }
  }
  // Exchange activities and lectures for the counties of 杭州 (each county's federation keeps its own).
  const hangzhou = DIVISIONS.filter((d) => d.parent === '330100');
  for (const [i, c] of hangzhou.entries()) {
    const [org] = await db.select().from(organizations).where(eq(organizations.code, c.code));
    if (!org) continue;
    const common = { orgId: org.id, orgPath: org.path, orgAltPath: org.altPath };
    await db.insert(exchangeActivities).values({
      ...common,
      name: `${c.name}职工创新成果交流会`,
      mode: EXCHANGE_MODES[i % EXCHANGE_MODES.length],
      countyCode: c.code,
      heldOn: `2025-0${1 + (i % 9)}-15`,
      crossRegion: i % 2 === 0,
      crossIndustry: i % 3 === 0,
      participants: 80 + i * 25,
    });
    await db.insert(lectures).values({
      ...common,
      topic: '弘扬“三个精神”、发展新质生产力主题宣讲',
      heldOn: `2025-0${1 + (i % 9)}-20`,
      speaker: `${c.name}劳模宣讲团`,
      audience: '企业一线职工',
      audienceCount: 60 + i * 10,
    });
  }
}
