// Images and files of achievements, kept by the files feature (attachments, magic bytes checked).
// Two owner types: `achievements` (shown on the public showcase once the achievement is
// published) and `achievement-internal` (never public). The public side lists and serves only
// the former, only of published achievements (docs/decisions/014-sharing-media-and-market.md).
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { attachments, files } from '../../db/schema/files.ts';
import { achievements } from '../../db/schema/sharing.ts';
import type { AuthedContext, ServiceContext } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { isInScope } from '../../lib/scope.ts';
import { registerAttachmentOwner } from '../files/files.service.ts';
import { IMAGE_WIDTHS } from '../files/image-variants.ts';

export const PUBLIC_MEDIA = 'achievements';
export const INTERNAL_MEDIA = 'achievement-internal';

async function achievementPlace(ctx: AuthedContext, id: number) {
  const [row] = await ctx.db
    .select({
      orgId: achievements.orgId,
      orgPath: achievements.orgPath,
      orgAltPath: achievements.orgAltPath,
    })
    .from(achievements)
    .where(and(eq(achievements.id, id), isNull(achievements.deletedAt)));
  if (!row || !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('成果');
  return row;
}

/** Lets achievements carry public images and files, and internal files (called once by the app). */
export function registerAchievementAttachments() {
  for (const type of [PUBLIC_MEDIA, INTERNAL_MEDIA])
    registerAttachmentOwner(type, {
      read: 'read:achievement:subtree',
      manage: 'manage:achievement:subtree',
      load: (ctx, id) => achievementPlace(ctx, id),
    });
}

/** Width and height from a PNG or JPEG header (null when the bytes are neither or truncated). */
export function imageSize(buf: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR')
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let p = 2;
    while (p + 9 < b.length) {
      if (b[p] !== 0xff) return null;
      const marker = b[p + 1];
      if (marker === 0xff) {
        p++;
        continue;
      }
      const len = b.readUInt16BE(p + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7) };
      p += 2 + len;
    }
  }
  return null;
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);

/** The public images and files of a published achievement (ids, names, image sizes). */
export async function publicMedia(ctx: ServiceContext, achievementId: number) {
  const rows = await ctx.db
    .select({
      id: attachments.id,
      name: attachments.name,
      mimeType: files.mimeType,
      size: files.size,
      sha256: files.sha256,
      // The header is enough for the size: no need to read whole images.
      head: sql<Buffer>`substring(${files.content} from 1 for 65536)`,
    })
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(
      and(
        eq(attachments.ownerType, PUBLIC_MEDIA),
        eq(attachments.ownerId, achievementId),
        isNull(attachments.deletedAt),
      ),
    )
    .orderBy(asc(attachments.id))
    .limit(50);
  const url = (id: number, sha: string) =>
    `/api/public/achievements/${achievementId}/media/${id}?v=${sha.slice(0, 12)}`;
  const images: { url: string; alt: string; width: number; height: number; srcset: string }[] = [];
  const docs: { url: string; name: string; size: number; mimeType: string }[] = [];
  for (const r of rows) {
    const dims = IMAGE_TYPES.has(r.mimeType) ? imageSize(r.head) : null;
    if (dims && dims.width > 0 && dims.height > 0) {
      const u = url(r.id, r.sha256);
      const srcset = [
        ...IMAGE_WIDTHS.filter((w) => w < dims.width).map((w) => `${u}&w=${w} ${w}w`),
        `${u} ${dims.width}w`,
      ].join(', ');
      images.push({ url: u, alt: r.name.replace(/\.[a-z0-9]+$/i, ''), ...dims, srcset });
    } else docs.push({ url: url(r.id, r.sha256), name: r.name, size: r.size, mimeType: r.mimeType });
  }
  return { images, files: docs };
}

/** The bytes of a public image or file of a published achievement; anything else is 404. */
export async function getPublicMedia(ctx: ServiceContext, achievementId: number, mediaId: number) {
  const [row] = await ctx.db
    .select({
      fileId: files.id,
      name: attachments.name,
      mimeType: files.mimeType,
      size: files.size,
      sha256: files.sha256,
      content: files.content,
    })
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .innerJoin(achievements, eq(achievements.id, attachments.ownerId))
    .where(
      and(
        eq(attachments.id, mediaId),
        eq(attachments.ownerType, PUBLIC_MEDIA),
        eq(attachments.ownerId, achievementId),
        isNull(attachments.deletedAt),
        eq(achievements.state, 'published'),
        isNull(achievements.deletedAt),
      ),
    );
  if (!row) throw notFound('图片或资料');
  return { ...row, image: IMAGE_TYPES.has(row.mimeType) };
}
