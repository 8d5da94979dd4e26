import type { StaffMember } from '@shop/core';
import type { Logger } from '@shop/logger';
import type { Storage } from '@shop/storage';
import type { ScenarioContext } from './types';

/** A value one step leaves for a later one, named once and typed (`ctx.state` holds unknowns). */
export interface StateKey<T> {
  name: string;
  /** Only carries `T`; never set. */
  readonly type?: T;
}

export const stateKey = <T>(name: string): StateKey<T> => ({ name });

/** Keeps `value` for the later steps and answers it. */
export function keep<T>(ctx: ScenarioContext, key: StateKey<T>, value: T): T {
  ctx.state.set(key.name, value);
  return value;
}

/** What an earlier step (or the scenario's setup) kept; a step run out of order fails naming it. */
export function recall<T>(ctx: ScenarioContext, key: StateKey<T>): T {
  if (!ctx.state.has(key.name))
    throw new Error(`No earlier step kept "${key.name}": run the steps in their order.`);
  return ctx.state.get(key.name) as T;
}

/** What the scenario's setup (`openScenario`) keeps for every step: who calls, and the files. */
export interface ScenarioEnvironment {
  /** The owner the admin caller signs in as (a row of staff_users). */
  owner: StaffMember;
  /** The context's storage (a temporary directory): uploads go there. */
  storage: Storage;
  logger: Logger;
}

export const ENVIRONMENT = stateKey<ScenarioEnvironment>('environment');
