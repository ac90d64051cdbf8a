// All cryptography of the platform sits in this one module, so that a certified
// (商用密码) provider can replace it. SM3 and HMAC-SM3 come from Node's OpenSSL.
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3Hex(key: string | Buffer, data: string | Buffer): string {
  return createHmac('sm3', key).update(data).digest('hex');
}

/** A random token of `bytes` bytes (≥ 16 = 128 bits), base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** Production cost: about 100–200 ms per hash on these machines. Tests may pass a cheaper one. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 15, r: 8, p: 2 };
export const TEST_KDF: KdfParams = { N: 2 ** 10, r: 8, p: 1 };

function scryptAsync(password: string, salt: Buffer, keylen: number, params: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      keylen,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`: self-describing, so the cost can rise and old hashes still verify. */
export async function hashPassword(password: string, params: KdfParams = DEFAULT_KDF): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, N, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when a stored hash was made with a lower cost than `params` (rehash at next login). */
export function needsRehash(stored: string, params: KdfParams = DEFAULT_KDF): boolean {
  const [, N, r, p] = stored.split('$');
  return Number(N) < params.N || Number(r) < params.r || Number(p) < params.p;
}
