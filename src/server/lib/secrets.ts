// Secrets that must not live in the database they protect (the audit chain's HMAC key):
// from the environment, or generated once into DATA_DIR/secrets.json (mode 0600).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomToken } from './crypto.ts';

export function loadAuditKey(dataDir: string, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, 'utf8')) as { auditHmacKey?: string };
    if (s.auditHmacKey) return s.auditHmacKey;
  }
  const key = randomToken(32);
  writeFileSync(file, JSON.stringify({ auditHmacKey: key }, null, 2), { mode: 0o600 });
  return key;
}
