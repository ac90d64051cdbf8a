// Smaller copies of public images for phones: the showcase asks for 320, 640 or 1280 pixels
// wide (srcset) and gets WebP made once with sharp, then kept in `file_variants`. The original
// stays as uploaded; an image already narrower than the width asked for is re-encoded, never
// enlarged.
import { and, eq } from 'drizzle-orm';
import { loadSharp } from '../../lib/lazy-libs.ts';
import type { Db } from '../../db/client.ts';
import { fileVariants } from '../../db/schema/files.ts';

/** The widths the showcase offers (and the only ones made: a caller cannot fill the table). */
export const IMAGE_WIDTHS = [320, 640, 1280] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];

/**
 * Decoding cap: an upload is at most 20 MB, but a small file can declare a huge picture (a
 * decompression bomb). 40 megapixels is more than any phone camera's photo.
 */
const MAX_INPUT_PIXELS = 40_000_000;

export interface ImageVariant {
  mimeType: string;
  size: number;
  content: Buffer;
}

/** Makes the copy (no database). Throws on bytes sharp cannot decode or over the pixel cap. */
export async function makeVariant(original: Buffer, width: ImageWidth): Promise<ImageVariant> {
  const sharp = await loadSharp();
  const content = await sharp(original, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate() // by its EXIF orientation, as a phone's photo is meant to be seen
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
  return { mimeType: 'image/webp', size: content.length, content };
}

/**
 * The copy of a file at a width: from the table, or made now and stored (two requests at once
 * may both make it; the first insert wins and both answers are the same picture).
 * `null` when the original cannot be decoded: the caller serves the original instead.
 */
export async function imageVariant(
  db: Db,
  file: { id: number; content: Buffer },
  width: ImageWidth,
): Promise<ImageVariant | null> {
  const [kept] = await db
    .select({ mimeType: fileVariants.mimeType, size: fileVariants.size, content: fileVariants.content })
    .from(fileVariants)
    .where(and(eq(fileVariants.fileId, file.id), eq(fileVariants.width, width)));
  if (kept) return kept;
  let made: ImageVariant;
  try {
    made = await makeVariant(file.content, width);
  } catch {
    return null;
  }
  await db
    .insert(fileVariants)
    .values({ fileId: file.id, width, ...made })
    .onConflictDoNothing();
  return made;
}
