import { z } from 'zod';
import { hashPassword } from '../accounts/passwords.js';
import { displayNameSchema, loginSchema, passwordSchema, roleSchema } from '../accounts/staff-account.js';
import { requireAdmin } from '../auth/require-admin.js';
import type { ConsolePart } from '../console-plugin.js';

const newAccount = z.object({ login: loginSchema, name: displayNameSchema, role: roleSchema, password: passwordSchema });

/** /staff/accounts: admins list, create, disable and enable staff accounts. */
export const accountsPart: ConsolePart = (app, { storage, render, now, t }) => {
  const adminOnly = requireAdmin(t);
  const page = async (request: Parameters<typeof render>[0], reply: Parameters<typeof render>[1], message: { ok?: string; error?: string } = {}, draft: Record<string, string> = {}) =>
    render(request, reply, 'accounts', { title: 'accounts', accounts: await storage.accounts.list(), message, draft });

  app.get('/accounts', { preHandler: adminOnly }, async (request, reply) => page(request, reply));

  app.post('/accounts', { preHandler: adminOnly }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // What was typed comes back in the form when the account is refused (never the password).
    const draft = { login: String(body['login'] ?? '').slice(0, 40), name: String(body['name'] ?? '').slice(0, 80), role: String(body['role'] ?? 'staff') };
    const form = newAccount.safeParse(body);
    if (!form.success) return page(request, reply.status(400), { error: `invalid:${form.error.issues[0]?.message ?? ''}` }, draft);
    const { login, name, role, password } = form.data;
    const created = await storage.accounts.create({ login, name, role, passwordHash: await hashPassword(password), disabled: false, createdAt: now().toISOString() });
    if (!created) return page(request, reply.status(409), { error: `taken:${login}` }, draft);
    request.log.info({ event: 'staff-account-created', by: request.staff!.login, login, role }, 'staff account created');
    return page(request, reply, { ok: login });
  });

  app.post('/accounts/:login/:action', { preHandler: adminOnly }, async (request, reply) => {
    const params = z.object({ login: loginSchema, action: z.enum(['disable', 'enable']) }).safeParse(request.params);
    if (!params.success) return reply.status(404).send({ error: 'no such account action' });
    const { login, action } = params.data;
    if (login === request.staff!.login) return page(request, reply.status(400), { error: 'self' });
    if (!(await storage.accounts.update(login, { disabled: action === 'disable' }))) return reply.status(404).send({ error: 'no such account' });
    if (action === 'disable') await storage.consoleSessions.deleteForLogin(login);
    return reply.redirect('/staff/accounts', 303);
  });
};
