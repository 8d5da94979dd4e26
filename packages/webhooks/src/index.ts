export * from './addresses';
export * from './deliver';
export * from './deliveries';
export * from './endpoints';
export * from './fan-out';
export * from './retry';
export * from './send';
