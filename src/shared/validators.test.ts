import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idCardCheckChar,
  isValidIdCard,
  isValidMobile,
  isValidUscc,
  maskIdCard,
  maskPhone,
  usccCheckChar,
} from './validators.ts';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('统一社会信用代码 (GB 32100)', () => {
  it('computes the check character by the standard weights (mod 31)', () => {
    expect(usccCheckChar('91330000142916567')).toBe('N');
    expect(isValidUscc('91330000142916567N')).toBe(true);
    expect(isValidUscc('91330000142916567M')).toBe(false);
  });

  it('rejects bad length, lower case, and forbidden letters I O Z S V', () => {
    expect(isValidUscc('91330000142916567')).toBe(false);
    expect(isValidUscc('91330000142916567n')).toBe(false);
    expect(isValidUscc('9133000014291656IN')).toBe(false);
  });

  it('accepts every code built with its check character and refuses any single corrupted character', () => {
    const char = fc.constantFrom(...USCC_ALPHABET.split(''));
    fc.assert(
      fc.property(
        fc.array(char, { minLength: 17, maxLength: 17 }),
        fc.integer({ min: 0, max: 17 }),
        char,
        (chars, pos, sub) => {
          const first17 = chars.join('');
          const code = first17 + usccCheckChar(first17);
          expect(isValidUscc(code)).toBe(true);
          if (code[pos] !== sub) {
            const bad = code.slice(0, pos) + sub + code.slice(pos + 1);
            expect(isValidUscc(bad)).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('居民身份证号码 (GB 11643)', () => {
  it('accepts a valid number and refuses a wrong check digit or date', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(isValidIdCard('11010519490231002X')).toBe(false); // 31 Feb
  });

  it('any single corrupted digit is refused', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (d, seq, pos, delta) => {
          const ymd = d.toISOString().slice(0, 10).replaceAll('-', '');
          const first17 = `330127${ymd}${String(seq).padStart(3, '0')}`;
          const id = first17 + idCardCheckChar(first17);
          expect(isValidIdCard(id)).toBe(true);
          const digit = (Number(id[pos]) + delta) % 10;
          const bad = id.slice(0, pos) + digit + id.slice(pos + 1);
          // A corrupted date may be invalid for its own reason; either way it is refused.
          expect(isValidIdCard(bad)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('phone numbers and masking', () => {
  it('validates mainland mobiles', () => {
    expect(isValidMobile('13812341234')).toBe(true);
    expect(isValidMobile('12812341234')).toBe(false);
    expect(isValidMobile('1381234123')).toBe(false);
  });
  it('masks as the spec shows', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskIdCard('33012719800101123X')).toBe('330***********123X');
    expect(maskPhone(null)).toBeNull();
  });
});
