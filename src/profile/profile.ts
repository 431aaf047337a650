import { z } from 'zod';

/** The fields of a member's profile, in the order they are asked and shown. */
export const PROFILE_FIELDS = ['name', 'cooperative', 'commune', 'role', 'phone'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/**
 * What a member chose to keep about themselves, once per (linked) member, so forms are pre-filled.
 * Personal data (Decree 13/2023): kept only after consent, shown by /mydata, erased by /forget.
 */
export interface MemberProfile {
  name: string | null;
  cooperative: string | null;
  commune: string | null;
  role: 'manager' | 'member' | 'other' | null;
  /** +84… (a Vietnamese mobile number, normalised). */
  phone: string | null;
  /** When the member agreed to have it kept (ISO). */
  consentAt: string;
  updatedAt: string;
}

export const profileSchema = z.object({
  name: z.string().max(200).nullable(),
  cooperative: z.string().max(200).nullable(),
  commune: z.string().max(200).nullable(),
  role: z.enum(['manager', 'member', 'other']).nullable(),
  phone: z
    .string()
    .regex(/^\+84[35789]\d{8}$/)
    .nullable(),
  consentAt: z.string(),
  updatedAt: z.string(),
});

/** Stored profiles by owner key (the member id once linked, else the conversation id). */
export interface ProfileStore {
  get(owner: string): Promise<MemberProfile | undefined>;
  save(owner: string, profile: MemberProfile): Promise<void>;
  remove(owner: string): Promise<boolean>;
}

/** `first`'s fields, with what it lacks taken from `second` (two profiles joined when their conversations are linked). */
export function mergeProfiles(first: MemberProfile | undefined, second: MemberProfile | undefined): MemberProfile | undefined {
  if (!first || !second) return first ?? second;
  const merged: MemberProfile = { ...first };
  for (const f of PROFILE_FIELDS) if (merged[f] === null) (merged as unknown as Record<string, unknown>)[f] = second[f];
  merged.consentAt = first.consentAt < second.consentAt ? first.consentAt : second.consentAt;
  merged.updatedAt = first.updatedAt > second.updatedAt ? first.updatedAt : second.updatedAt;
  return merged;
}
