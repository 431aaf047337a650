import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FlowsPort } from '../conversation/tickets-port.js';
import type { Conference, FormDef } from '../conversation/forms/form-definition.js';
import { CommuneMatcher } from './commune-matcher.js';
import { SmallTalkMatcher } from '../conversation/small-talk.js';
import { readYaml } from './read-yaml.js';
import { vietnamDay } from '../time/vietnam-time.js';
import { ContentError } from '../knowledge/load-knowledge.js';

const bilingual = z.object({ vi: z.string().trim().min(1), en: z.string().trim().min(1) });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date like 2026-12-18 (quoted)');
const fieldBase = { id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case id'), prompt: bilingual, optional: z.boolean().optional() };

const formSchema = z.object({
  id: z.enum(['concern', 'difficulty']),
  kind: z.enum(['concern', 'difficulty']),
  title: bilingual,
  intro: bilingual,
  fields: z
    .array(
      z.discriminatedUnion('type', [
        z.object({ ...fieldBase, type: z.literal('text'), min: z.number().int().min(0), max: z.number().int().max(2000) }),
        z.object({ ...fieldBase, type: z.literal('choice'), options: z.array(z.object({ value: z.string().min(1), label: bilingual })).min(2) }),
        z.object({ ...fieldBase, type: z.enum(['commune', 'topic', 'phone', 'yesno', 'photos']) }),
      ]),
    )
    .min(1),
});

const conferencesSchema = z.object({
  conferences: z.array(z.object({ id: z.string().min(1), name: bilingual, date: isoDay, place: bilingual, deadline: isoDay })),
});

const optionalText = z.string().trim().max(300).default('');
const optionalBilingual = z.object({ vi: optionalText, en: optionalText }).default({ vi: '', en: '' });
export const organisationSchema = z.object({
  name: bilingual,
  address: optionalBilingual,
  phone: z
    .string()
    .trim()
    .regex(/^$|^[0-9+][0-9 .()-]{5,30}$/, 'a phone number such as 0204 3854 123, or "" when unknown')
    .default(''),
  email: z.union([z.literal(''), z.email('an e-mail address, or "" when unknown')]).default(''),
  officeHours: optionalBilingual,
  website: z.union([z.literal(''), z.url('an address starting with https://, or "" when unknown')]).default(''),
  zalo: optionalText,
});

const phrases = z.array(z.string().trim().min(1)).min(1);
const smallTalkSchema = z.object({
  particles: phrases,
  intents: z.object({ greeting: phrases, thanks: phrases, goodbye: phrases, identity: phrases, ack: phrases }),
  human: phrases,
  rude: phrases,
});

const communesSchema = z.object({
  units: z.array(z.object({ name: z.string().trim().min(1), type: z.enum(['xa', 'phuong']) })).min(1),
});

/** Loads forms, conferences, communes, small talk and the organisation from flows/; a bad file stops start-up naming it. */
export function loadFlows(flowsDir: string): FlowsPort {
  const forms = Object.fromEntries(
    readdirSync(join(flowsDir, 'forms'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => {
        const form = readYaml(join(flowsDir, 'forms', f), formSchema) as FormDef;
        return [form.id, form];
      }),
  ) as Record<FormDef['id'], FormDef>;
  for (const id of ['concern', 'difficulty'] as const) {
    if (!forms[id]) throw new ContentError(`${join(flowsDir, 'forms')}: the ${id} form is missing (${id}.yaml)`);
  }
  const conferences = readYaml(join(flowsDir, 'conferences.yaml'), conferencesSchema).conferences;
  const communes = new CommuneMatcher(readYaml(join(flowsDir, 'communes.yaml'), communesSchema).units);
  const organisation = readYaml(join(flowsDir, 'organisation.yaml'), organisationSchema);
  const smallTalk = new SmallTalkMatcher(readYaml(join(flowsDir, 'small-talk.yaml'), smallTalkSchema));
  return {
    forms,
    organisation,
    smallTalk,
    conferences,
    matchCommune: (text) => communes.match(text),
    nextOpenConference: (now) => nextOpenConference(conferences, now),
  };
}

/** The conference with the earliest deadline that has not passed (deadlines end at 23:59 in Vietnam). */
export function nextOpenConference(conferences: readonly Conference[], now: Date): Conference | undefined {
  const today = vietnamDay(now).day;
  return [...conferences].filter((c) => c.deadline >= today).sort((a, b) => a.deadline.localeCompare(b.deadline))[0];
}
