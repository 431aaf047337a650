import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { ContentError } from './knowledge/load-knowledge.js';
import { createLogger } from './logging/create-logger.js';

/** Start-up: config from the environment (once), then the app; a bad setting or content file stops here with one line. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const app = await startApp({ config, logger });
  console.error(`Trợ lý HTX: web chat at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.port}/`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(error.message);
  } else {
    console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
