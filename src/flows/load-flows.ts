import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FlowsPort } from '../conversation/tickets-port.js';
import type { Conference, FormDef } from '../conversation/forms/form-definition.js';
import { CommuneMatcher } from './commune-matcher.js';
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

const communesSchema = z.object({
  units: z.array(z.object({ name: z.string().trim().min(1), type: z.enum(['xa', 'phuong']) })).min(1),
});

/** Loads forms, conferences and communes from flows/; a bad file stops start-up naming it. */
export function loadFlows(flowsDir: string): FlowsPort & { conferences: Conference[] } {
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
  return {
    forms,
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
