import { describe, expect, it } from 'vitest';
import { demoPng } from './sharing.demo-image.ts';
import { imageSize } from './sharing.media.ts';

describe('imageSize', () => {
  it('reads a PNG header', () => {
    expect(imageSize(demoPng(64, 40))).toEqual({ width: 64, height: 40 });
  });
  it('reads a JPEG frame header after other segments', () => {
    // SOI, APP0 (JFIF, 16 bytes), SOF0 with height 480 and width 640.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
      0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00,
    ]);
    expect(imageSize(jpeg)).toEqual({ width: 640, height: 480 });
  });
  it('answers null for anything else or a truncated header', () => {
    expect(imageSize(Buffer.from('%PDF-1.4\n'))).toBeNull();
    expect(imageSize(demoPng(8, 8).subarray(0, 20))).toBeNull();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
  });
});
