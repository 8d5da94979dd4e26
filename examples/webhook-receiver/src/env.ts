/** The example's configuration: `WEBHOOK_SECRET` (required, `whsec_…`) and `PORT` (4000). */
export interface ReceiverEnv {
  WEBHOOK_SECRET: string;
  PORT: number;
}

export function readReceiverEnv(
  source: Record<string, string | undefined> = process.env,
): ReceiverEnv {
  const secret = source.WEBHOOK_SECRET ?? '';
  if (!secret.startsWith('whsec_')) {
    throw new Error(
      'WEBHOOK_SECRET must be set to the endpoint secret shown in the admin (whsec_…).',
    );
  }
  const port = Number(source.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error('PORT must be a port number between 1 and 65535.');
  }
  return { WEBHOOK_SECRET: secret, PORT: port };
}
