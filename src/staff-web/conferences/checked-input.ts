import type { z } from 'zod';

/** One refused field of a console form: its path ("name.vi", "deadline") and a problem code the console words. */
export interface FieldProblem<P extends string = string> {
  field: string;
  problem: P;
}

/** Either the checked value, or every refused field with the reason. */
export type Checked<T, P extends string = string> = { ok: true; value: T } | { ok: false; problems: FieldProblem<P>[] };

/**
 * Checks an outside input (a console form) against a schema whose messages are problem codes;
 * a field that is missing or of the wrong type is 'required'.
 */
export function checkInput<T, P extends string>(schema: z.ZodType<T>, input: unknown, problems: readonly P[]): Checked<T, P | 'required'> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const known = new Set<string>(problems);
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      problem: known.has(issue.message) ? (issue.message as P) : 'required',
    })),
  };
}
