// Uploaded files (附件) live in the database, so both modes (PGlite and PostgreSQL) and the
// backup carry them. `files` holds each distinct content once (by SHA-256); `attachments` links
// a file to its owner — a registry record or any other owner type — under a sanitised name,
// scoped to the owner's organisation like every scoped row.
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { organizations } from './orgs.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

export const files = pgTable('files', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  sha256: text('sha256').notNull().unique(),
  size: integer('size').notNull(),
  /** What the content is (from its magic bytes), not what the uploader said. */
  mimeType: text('mime_type').notNull(),
  content: bytea('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const attachments = pgTable(
  'attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => files.id),
    /** `studios`, `training-sessions`, … or another feature's owner type. */
    ownerType: text('owner_type').notNull(),
    ownerId: bigint('owner_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    orgPath: text('org_path').notNull(),
    orgAltPath: text('org_alt_path'),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' }),
    updatedBy: bigint('updated_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerType, t.ownerId),
    index('attachments_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

/**
 * Smaller copies of public images, made on first request for a width the showcase asks for
 * (phones get 320 or 640 pixels, not the uploaded photo). Derived data: deleting the file
 * deletes them, and they can be dropped at any time.
 */
export const fileVariants = pgTable(
  'file_variants',
  {
    fileId: bigint('file_id', { mode: 'number' })
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    width: integer('width').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.width] })],
);
