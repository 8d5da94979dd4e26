import { z } from 'zod';

/** Postal code formats by country; countries not listed only need a non-empty code. */
const postalCodes: Record<string, { pattern: RegExp; example: string }> = {
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '12345 or 12345-6789' },
  CA: { pattern: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/, example: 'K1A 0B1' },
  GB: { pattern: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, example: 'SW1A 1AA' },
  DE: { pattern: /^\d{5}$/, example: '10115' },
  FR: { pattern: /^\d{5}$/, example: '75001' },
  ES: { pattern: /^\d{5}$/, example: '28001' },
  IT: { pattern: /^\d{5}$/, example: '00118' },
  AT: { pattern: /^\d{4}$/, example: '1010' },
  BE: { pattern: /^\d{4}$/, example: '1000' },
  NL: { pattern: /^\d{4} ?[A-Za-z]{2}$/, example: '1012 AB' },
  IE: { pattern: /^[A-Za-z\d]{3} ?[A-Za-z\d]{4}$/, example: 'D02 X285' },
};

const line = (label: string, max = 200) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/** A shipping address, validated per country (postal code format). */
export const zAddress = z
  .object({
    firstName: line('First name', 100),
    lastName: line('Last name', 100),
    line1: line('Address'),
    line2: z.string().trim().max(200, 'Address line 2 must be at most 200 characters').default(''),
    city: line('City', 100),
    postalCode: line('Postal code', 20),
    province: z
      .string()
      .trim()
      .max(100, 'State/province must be at most 100 characters')
      .default(''),
    countryCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Country must be a two-letter code such as US'),
    phone: z
      .string()
      .trim()
      .max(30, 'Phone must be at most 30 characters')
      .regex(/^[+\d\s().-]*$/, 'Phone may contain only digits, spaces and + ( ) . -')
      .default(''),
  })
  .superRefine((a, ctx) => {
    const rule = postalCodes[a.countryCode];
    if (rule && !rule.pattern.test(a.postalCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: `Postal code is not valid for ${a.countryCode} (e.g. ${rule.example})`,
      });
    }
    if (a.countryCode === 'US' && !/^[A-Za-z]{2}$/.test(a.province)) {
      ctx.addIssue({
        code: 'custom',
        path: ['province'],
        message: 'State must be a two-letter code such as CA',
      });
    }
  });
export type Address = z.infer<typeof zAddress>;
