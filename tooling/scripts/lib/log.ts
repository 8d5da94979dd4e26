/** Small, dependency-free console helpers for the launcher scripts. */
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (useColor ? `\u001b[${code}m${s}\u001b[0m` : s);
export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const cyan = paint(36);

export function step(message: string) {
  console.log(`${cyan('›')} ${message}`);
}

/** Prints one clear sentence and exits; used for configuration errors (no stack trace). */
export function fail(message: string): never {
  console.error(`${red('✖')} ${message}`);
  process.exit(1);
}

/**
 * Runs a script's main function: configuration errors (a ConfigError or an unreachable
 * database) print one sentence; anything else prints its stack. Exit code 1 either way.
 */
export function runMain(
  main: () => Promise<void>,
  isConfigError: (err: unknown) => err is Error,
): void {
  main().catch((err: unknown) => {
    if (isConfigError(err)) fail(err.message);
    console.error(err);
    process.exit(1);
  });
}
