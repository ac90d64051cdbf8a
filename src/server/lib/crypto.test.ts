import { describe, expect, it } from 'vitest';
import { hashPassword, hmacSm3Hex, needsRehash, sm3Hex, TEST_KDF, verifyPassword } from './crypto.ts';

describe('crypto', () => {
  it('SM3 matches the GB/T 32905 example', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('HMAC-SM3 is keyed', () => {
    expect(hmacSm3Hex('k1', 'x')).not.toBe(hmacSm3Hex('k2', 'x'));
    expect(hmacSm3Hex('k1', 'x')).toHaveLength(64);
  });

  it('hashes are self-describing, salted and verify', async () => {
    const a = await hashPassword('Secret#2026', TEST_KDF);
    const b = await hashPassword('Secret#2026', TEST_KDF);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Secret');
    expect(await verifyPassword('Secret#2026', a)).toBe(true);
    expect(await verifyPassword('Secret#2027', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(needsRehash(a)).toBe(true);
    expect(needsRehash(a, TEST_KDF)).toBe(false);
  });
});
