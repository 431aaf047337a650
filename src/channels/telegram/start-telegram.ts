import type { Bot } from 'grammy';
import type { Logger } from 'pino';
import type { TelegramConfig } from '../../config/config.js';

/** The command menu Telegram shows next to the text box, in both languages. */
const COMMANDS = {
  vi: [
    { command: 'start', description: 'Bắt đầu' },
    { command: 'menu', description: 'Menu chính' },
    { command: 'language', description: 'Đổi ngôn ngữ' },
    { command: 'cancel', description: 'Hủy thao tác' },
    { command: 'help', description: 'Hướng dẫn' },
  ],
  en: [
    { command: 'start', description: 'Start' },
    { command: 'menu', description: 'Main menu' },
    { command: 'language', description: 'Change language' },
    { command: 'cancel', description: 'Cancel' },
    { command: 'help', description: 'Help' },
  ],
};

/**
 * Starts Telegram: getMe, the command menu, then long polling or the webhook registration.
 * Resolves once the bot is ready (polling runs on in the background).
 */
export async function startTelegram(bot: Bot, config: Exclude<TelegramConfig, { mode: 'off' }>, logger: Logger): Promise<void> {
  await bot.init();
  await bot.api.setMyCommands(COMMANDS.vi);
  await bot.api.setMyCommands(COMMANDS.en, { language_code: 'en' });
  if (config.mode === 'webhook') {
    await bot.api.setWebhook(config.webhookUrl, {
      secret_token: config.secret,
      allowed_updates: ['message', 'callback_query'],
    });
    logger.info({ mode: 'webhook' }, 'telegram webhook registered');
    return;
  }
  await new Promise<void>((resolve, reject) => {
    bot
      .start({
        allowed_updates: ['message', 'callback_query'],
        drop_pending_updates: false,
        onStart: () => resolve(),
      })
      .catch((error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'telegram polling stopped');
        reject(error);
      });
  });
  logger.info({ mode: 'polling' }, 'telegram long polling started');
}
