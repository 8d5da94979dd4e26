/** What a benchmark receives from the runner (bench/run.ts). */
export interface BenchOptions {
  /** `--products`: catalogue size for the seed benchmark. */
  products: number;
  /**
   * `--seconds` when it was given: the length of each measured run. Undefined otherwise, so that
   * each benchmark applies its own default (product-page 10, checkout 15).
   */
  seconds: number | undefined;
  /** `--orders` when it was given: the checkout benchmark stops after this many orders. */
  orders: number | undefined;
}

export interface Bench {
  name: string;
  /** One line for the runner's list of benchmarks. */
  description: string;
  /** The options from BenchOptions that change what this benchmark does. */
  uses: ReadonlyArray<keyof BenchOptions>;
  /**
   * Prints its figures through `emit` (one JSON object per call, on stdout) and registers
   * everything it starts with `defer` from lib/cleanup, so an error or Ctrl-C still stops it.
   */
  run(options: BenchOptions, emit: (figures: Record<string, unknown>) => void): Promise<void>;
}
