import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDED_DATABASE_URL } from '@shop/env';
import { repoRoot } from '@shop/services';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * No Docker engine runs on the CI machine, so docker/compose.yaml is checked by what can run:
 * it parses, every service pins an image and has a health check, and the credentials agree with
 * the DATABASE_URL the compose file's header tells users to set.
 */
interface Service {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: unknown };
}

const file = path.join(repoRoot, 'docker/compose.yaml');
const text = fs.readFileSync(file, 'utf8');
const compose = parse(text) as { services?: Record<string, Service> };

describe('docker/compose.yaml', () => {
  it('offers Postgres, and Redis with its REST bridge, with pinned images and health checks', () => {
    const services = compose.services ?? {};
    expect(Object.keys(services).sort()).toEqual(['postgres', 'redis', 'redis-http']);
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, name).toMatch(/^[a-z0-9/-]+:\d+/);
      expect(service.healthcheck?.test, name).toBeTruthy();
    }
  });

  it('matches the DATABASE_URL its header documents', () => {
    const documented = /DATABASE_URL=(\S+)/.exec(text)?.[1];
    if (!documented) throw new Error('compose.yaml no longer documents a DATABASE_URL');
    const url = new URL(documented);
    const pg = compose.services?.postgres;
    expect(pg?.environment?.POSTGRES_USER).toBe(url.username);
    expect(pg?.environment?.POSTGRES_PASSWORD).toBe(url.password);
    expect(pg?.environment?.POSTGRES_DB).toBe(url.pathname.slice(1));
    expect(pg?.ports).toContain(`${url.port}:5432`);
    // And it is not the embedded default, so the two can run side by side.
    expect(new URL(EMBEDDED_DATABASE_URL).port).not.toBe(url.port);
  });
});
