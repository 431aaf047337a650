import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { ContentError } from './knowledge/load-knowledge.js';
import { createLogger } from './logging/create-logger.js';
import { secretRedactor } from './logging/redact-secrets.js';

/** A stop signal ends the process within this time, with pending work left in the durable queue. */
const SHUTDOWN_GRACE_MS = 8000;

/** Start-up: config from the environment (once), then the app; a bad setting or content file stops here with one line. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel, process.stdout, config.secrets);
  const app = await startApp({ config, logger });
  console.error(`Trợ lý HTX: web chat at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.port}/`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    // Pending deliveries stay in the durable queue; what does not stop in time is cut off.
    const cutOff = setTimeout(() => {
      logger.warn({ signal }, 'stop took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    cutOff.unref();
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
    // The configuration may not have loaded: scrub anything shaped like a token.
    console.error(secretRedactor([])(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`));
  }
  process.exit(1);
});
