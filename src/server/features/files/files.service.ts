// Attachments (附件): files stored in the database, linked to an owner (a registry record, or
// any other owner type a feature registers), scoped to the owner's organisation. Upload checks
// the content (magic bytes), not the name; each distinct content is stored once (SHA-256).
// Upload, download and delete are audited; delete is soft.
import { createHash } from 'node:crypto';
import { and, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Permission } from '#shared/roles.ts';
import { attachments, files } from '../../db/schema/files.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertAnyPermission,
  inTransaction,
  requireActor,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { assertAllowedFile, FILE_KINDS, MAX_ATTACHMENT_BYTES, sanitizeName } from './files.sniff.ts';

/** Where an owner sits in the tree; `load` throws NOT_FOUND when the actor may not see it. */
export interface OwnerPlace {
  orgId: number;
  orgPath: string;
  orgAltPath: string | null;
}

export interface OwnerType {
  /** Needed to list and download its attachments (any one of them, when several). */
  read: Permission | readonly Permission[];
  /** Needed to upload and delete them (any one of them, when several). */
  manage: Permission | readonly Permission[];
  /** `forWrite`: the actor is about to add or remove an attachment (a shared dictionary's record is read by all, kept by its owner). */
  load: (ctx: AuthedContext, id: number, forWrite: boolean) => Promise<OwnerPlace>;
  /**
   * The owner's `load` alone decides who sees its attachments, not the organisation tree: for
   * owners whose parties sit outside the owner's subtree (the craftsman assigned to an
   * enterprise's demand, the applicant of a union's challenge). Lists without an owner id
   * still filter by the tree.
   */
  partiesOutsideTree?: boolean;
  /**
   * With `partiesOutsideTree`: the permission that lets an actor list this type's attachments
   * across their subtree (no owner named). Without it they list one owner's at a time — a
   * craftsman's subtree is his employer, whose demands are not his to browse.
   */
  listInTree?: Permission;
}

/** May the actor list this type's attachments over their subtree, with no owner named? */
function listsInTree(ctx: AuthedContext, t: OwnerType) {
  if (!holds(ctx, t.read)) return false;
  return !t.partiesOutsideTree || (!!t.listInTree && ctx.actor.permissions.has(t.listInTree));
}

const permsOf = (p: Permission | readonly Permission[]): Permission[] =>
  typeof p === 'string' ? [p] : [...p];

/** May the actor hold this owner type's `read` or `manage` (any of its permissions)? */
function holds(ctx: AuthedContext, p: Permission | readonly Permission[]) {
  return permsOf(p).some((x) => ctx.actor.permissions.has(x));
}

const OWNER_TYPES = new Map<string, OwnerType>();

/** Lets a feature's records carry attachments: `registerAttachmentOwner('reports', {...})`. */
export function registerAttachmentOwner(type: string, owner: OwnerType) {
  OWNER_TYPES.set(type, owner);
}

function ownerTypeOf(type: string): OwnerType {
  const o = OWNER_TYPES.get(type);
  if (!o)
    throw invalid(`附件所属对象类型“${type.slice(0, 40)}”不存在`, [{ path: 'ownerType', message: '无效' }]);
  return o;
}

const meta = {
  id: attachments.id,
  ownerType: attachments.ownerType,
  ownerId: attachments.ownerId,
  orgId: attachments.orgId,
  orgPath: attachments.orgPath,
  orgAltPath: attachments.orgAltPath,
  name: attachments.name,
  version: attachments.version,
  createdAt: attachments.createdAt,
  createdBy: attachments.createdBy,
  size: files.size,
  mimeType: files.mimeType,
  sha256: files.sha256,
};

type MetaRow = {
  id: number;
  ownerType: string;
  ownerId: number;
  orgId: number;
  orgPath: string;
  orgAltPath: string | null;
  name: string;
  version: number;
  createdAt: Date;
  createdBy: number | null;
  size: number;
  mimeType: string;
  sha256: string;
};

function toDto(r: MetaRow) {
  return {
    id: r.id,
    ownerType: r.ownerType,
    ownerId: r.ownerId,
    orgId: r.orgId,
    name: r.name,
    size: r.size,
    mimeType: r.mimeType,
    sha256: r.sha256,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}

export type AttachmentDto = ReturnType<typeof toDto>;

/** Stores one uploaded file for an owner the actor may manage. */
export async function uploadAttachment(
  ctx: ServiceContext,
  owner: { ownerType: string; ownerId: number },
  file: { name: string; content: Buffer },
): Promise<AttachmentDto> {
  requireActor(ctx);
  const type = ownerTypeOf(owner.ownerType);
  assertAnyPermission(ctx, permsOf(type.manage));
  const place = await type.load(ctx, owner.ownerId, true);
  if (file.content.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', '附件不能超过 20 MB，请压缩或拆分后上传');
  }
  const kind = assertAllowedFile(file.name, file.content);
  const name = sanitizeName(file.name, kind);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  return inTransaction(ctx, async (tx) => {
    await tx.db
      .insert(files)
      .values({ sha256, size: file.content.length, mimeType: FILE_KINDS[kind].mime, content: file.content })
      .onConflictDoNothing({ target: files.sha256 });
    const [f] = await tx.db.select({ id: files.id }).from(files).where(eq(files.sha256, sha256));
    const [a] = await tx.db
      .insert(attachments)
      .values({
        fileId: f.id,
        ownerType: owner.ownerType,
        ownerId: owner.ownerId,
        orgId: place.orgId,
        orgPath: place.orgPath,
        orgAltPath: place.orgAltPath,
        name,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning({ id: attachments.id });
    await writeAudit(tx, {
      event: 'attachment.upload',
      objectType: 'attachment',
      objectId: a.id,
      detail: { ownerType: owner.ownerType, ownerId: owner.ownerId, name, size: file.content.length, sha256 },
    });
    return toDto((await loadMeta(tx as AuthedContext, a.id))!);
  });
}

async function loadMeta(ctx: AuthedContext, id: number): Promise<MetaRow | undefined> {
  const [row] = await ctx.db
    .select(meta)
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(and(eq(attachments.id, id), isNull(attachments.deletedAt)));
  return row as MetaRow | undefined;
}

/** One attachment the actor may see (its owner type's read permission, its owner's scope), or 404. */
async function loadVisible(ctx: AuthedContext, id: number, need: 'read' | 'manage'): Promise<MetaRow> {
  const row = await loadMeta(ctx, id);
  if (!row) throw notFound('附件');
  const type = OWNER_TYPES.get(row.ownerType);
  if (!type) throw notFound('附件');
  if (!type.partiesOutsideTree && !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('附件');
  assertAnyPermission(ctx, permsOf(type[need]));
  await type.load(ctx, row.ownerId, need === 'manage'); // the owner itself must still be visible (not deleted)
  return row;
}

/** Attachments in the actor's scope, of one owner when named, newest first. */
export async function findAttachments(
  ctx: ServiceContext,
  q: { ownerType?: string; ownerId?: number; page: number; pageSize: number },
) {
  requireActor(ctx);
  const where: SQL[] = [isNull(attachments.deletedAt)];
  if (q.ownerType) {
    const type = ownerTypeOf(q.ownerType);
    assertAnyPermission(ctx, permsOf(type.read));
    where.push(eq(attachments.ownerType, q.ownerType));
    if (q.ownerId !== undefined) {
      await type.load(ctx, q.ownerId, false);
      where.push(eq(attachments.ownerId, q.ownerId));
    }
    if (q.ownerId === undefined) {
      if (!listsInTree(ctx, type))
        throw invalid('请同时给出所属对象编号（ownerId）', [{ path: 'ownerId', message: '必填' }]);
      where.push(inScope(ctx.actor, attachments.orgPath, attachments.orgAltPath));
    } else if (!type.partiesOutsideTree) {
      // One owner whose `load` admitted the actor: for the other types the tree decides too.
      where.push(inScope(ctx.actor, attachments.orgPath, attachments.orgAltPath));
    }
  } else if (q.ownerId !== undefined) {
    throw invalid('按所属对象筛选时请同时给出 ownerType', [{ path: 'ownerType', message: '必填' }]);
  } else {
    where.push(inScope(ctx.actor, attachments.orgPath, attachments.orgAltPath));
    // Every owner type whose read permission the actor holds.
    const types = [...OWNER_TYPES].filter(([, t]) => listsInTree(ctx, t)).map(([k]) => k);
    if (!types.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    where.push(
      sql`${attachments.ownerType} in (${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  }
  const cond = and(...where);
  const rows = (await ctx.db
    .select(meta)
    .from(attachments)
    .innerJoin(files, eq(files.id, attachments.fileId))
    .where(cond)
    .orderBy(desc(attachments.id))
    .limit(q.pageSize)
    .offset(offsetOf(q))) as MetaRow[];
  const [{ n }] = await ctx.db.select({ n: count() }).from(attachments).where(cond);
  return { items: rows.map(toDto), total: Number(n), page: q.page, pageSize: q.pageSize };
}

export async function getAttachment(ctx: ServiceContext, id: number): Promise<AttachmentDto> {
  requireActor(ctx);
  return toDto(await loadVisible(ctx, id, 'read'));
}

/** The bytes of an attachment; the download is audited. */
export async function getAttachmentContent(ctx: ServiceContext, id: number) {
  requireActor(ctx);
  const row = await loadVisible(ctx, id, 'read');
  const [f] = await ctx.db
    .select({ content: files.content })
    .from(files)
    .innerJoin(attachments, eq(attachments.fileId, files.id))
    .where(eq(attachments.id, id));
  await writeAudit(ctx, {
    event: 'attachment.download',
    objectType: 'attachment',
    objectId: id,
    detail: { ownerType: row.ownerType, ownerId: row.ownerId },
  });
  return { name: row.name, mimeType: row.mimeType, size: row.size, content: f.content };
}

/** Soft delete: the attachment leaves its owner's list; the file and the audit row stay. */
export async function deleteAttachment(ctx: ServiceContext, id: number, version: number) {
  requireActor(ctx);
  const row = await loadVisible(ctx, id, 'manage');
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await updateVersioned(
      tx.db,
      attachments,
      id,
      version,
      { deletedAt: now, updatedBy: ctx.actor.userId },
      now,
    );
    await writeAudit(tx, {
      event: 'attachment.delete',
      objectType: 'attachment',
      objectId: id,
      detail: { ownerType: row.ownerType, ownerId: row.ownerId, name: row.name },
    });
  });
}
