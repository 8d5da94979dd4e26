/**
 * No Docker engine runs on the CI machine, so docker/ is checked by what can run here: the
 * compose file is parsed and its services checked against each other, against .env.example,
 * the Dockerfiles and the edge's VCL; the Dockerfiles go through a small linter of our own
 * (hadolint-like rules, below); and when the tools are installed, `docker compose config`
 * validates the file and `varnishd -C` compiles the VCL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EMBEDDED_DATABASE_URL } from '@shop/env';
import { repoRoot } from '@shop/services';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const dockerDir = path.join(repoRoot, 'docker');
const composeText = fs.readFileSync(path.join(dockerDir, 'compose.yaml'), 'utf8');
const envExample = fs.readFileSync(path.join(dockerDir, '.env.example'), 'utf8');
const vcl = fs.readFileSync(path.join(dockerDir, 'varnish/default.vcl'), 'utf8');

interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  command?: string[];
  restart?: string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  healthcheck?: { test?: unknown; disable?: boolean };
}

const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** A value as compose would see it with an empty environment: `${X:-d}` is `d`. */
function withDefaults(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?(?::?\?[^}]*)?\}/g, (_m, _name, d) =>
    String(d ?? ''),
  );
}

/** Every variable the file interpolates (`${NAME…}`; `$$` is a literal dollar). */
function interpolated(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.replaceAll('$$', '').matchAll(/\$\{([A-Z0-9_]+)/g)) names.add(m[1] ?? '');
  return [...names].sort();
}

/**
 * The compose CLI that can validate the file here: the v2 plugin (`docker compose`), else the
 * standalone 1.x (`docker-compose`, Debian's package, which `.ci/run` installs). 1.x predates
 * the top-level `name:` key (the Compose Specification's only addition this file uses that 1.29
 * rejects), so it checks a copy without that line; every service, volume, health check and
 * interpolation is still validated.
 */
const composeCli: { command: string; args: string[]; stripName: boolean } | undefined =
  spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0
    ? { command: 'docker', args: ['compose'], stripName: false }
    : spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0
      ? { command: 'docker-compose', args: [], stripName: true }
      : undefined;
const varnishInstalled = spawnSync('varnishd', ['-V'], { stdio: 'ignore' }).status === 0;

describe('docker/compose.yaml', () => {
  it('runs the whole stack: Postgres and its replica, Redis and its bridge, search, the edge, 3 page and 2 API replicas, admin, worker', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'postgres',
        'postgres-replica',
        'redis',
        'redis-http',
        'meilisearch',
        'migrate',
        'storefront-1',
        'storefront-2',
        'storefront-3',
        'api-1',
        'api-2',
        'admin',
        'worker',
        'varnish',
      ].sort(),
    );
  });

  it('gives every long-running service a health check; only a one-shot job that others wait to finish has none', () => {
    const awaited = new Set(
      Object.values(services).flatMap((s) =>
        Object.entries(s.depends_on ?? {})
          .filter(([, d]) => d.condition === 'service_completed_successfully')
          .map(([name]) => name),
      ),
    );
    for (const [name, service] of Object.entries(services)) {
      if (service.healthcheck?.disable) {
        expect(awaited.has(name), `${name} has no health check but nothing waits for it`).toBe(
          true,
        );
        expect(service.restart, name).toBe('no');
      } else {
        expect(service.healthcheck?.test, `${name} has no health check`).toBeTruthy();
      }
    }
  });

  it('pins every image to a tag, never latest', () => {
    for (const [name, service] of Object.entries(services)) {
      const image = withDefaults(service.image ?? '');
      expect(image, `${name} names no image`).not.toBe('');
      const tag = /^[a-z0-9./-]+:([A-Za-z0-9._-]+)$/.exec(image)?.[1];
      expect(tag, `${name}: ${image} has no tag`).toBeDefined();
      expect(tag, `${name}: ${image}`).not.toBe('latest');
    }
  });

  it('builds only from Dockerfiles that exist, with the repository root as context', () => {
    const builds = Object.entries(services).filter(([, s]) => s.build);
    expect(builds.length).toBeGreaterThanOrEqual(3);
    for (const [name, { build }] of builds) {
      const context = path.resolve(dockerDir, build?.context ?? '.');
      expect(context, name).toBe(repoRoot);
      expect(fs.existsSync(path.join(context, build?.dockerfile ?? 'Dockerfile')), name).toBe(true);
    }
    // Services sharing an image name build it once, from one Dockerfile.
    const dockerfileOf = new Map<string, string>();
    for (const [name, service] of builds) {
      const known = dockerfileOf.get(service.image ?? '');
      if (known) expect(service.build?.dockerfile, name).toBe(known);
      dockerfileOf.set(service.image ?? '', service.build?.dockerfile ?? '');
    }
    for (const [name, service] of Object.entries(services)) {
      if (service.image?.startsWith('shop/'))
        expect(dockerfileOf.has(service.image), `${name}: nothing builds ${service.image}`).toBe(
          true,
        );
    }
  });

  it('depends only on services that exist, with a condition compose knows', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        expect(conditions, `${name} → ${dependency}`).toContain(condition);
        // Waiting for health only makes sense on a service that has a health check.
        if (condition === 'service_healthy')
          expect(services[dependency]?.healthcheck?.test, `${name} → ${dependency}`).toBeTruthy();
      }
    }
  });

  it('publishes each host port once', () => {
    const hostPorts = Object.values(services).flatMap((s) =>
      (s.ports ?? []).map((p) => withDefaults(p).split(':').slice(-2, -1)[0]),
    );
    expect(hostPorts.length).toBeGreaterThan(0);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('documents every variable it reads in docker/.env.example', () => {
    const documented = new Set(
      envExample
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    const missing = interpolated(composeText).filter((name) => !documented.has(name));
    // SHOP_IMAGE_TAG only names the locally built images' tag; it has a default and no secret.
    expect(missing.filter((name) => name !== 'SHOP_IMAGE_TAG')).toEqual([]);
  });

  it('mounts only files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('.'))
          expect(fs.existsSync(path.join(dockerDir, source)), `${name}: ${source}`).toBe(true);
      }
    }
  });

  it('starts the API replicas from the page replicas’ image in the api role', () => {
    const pages = Object.keys(services).filter((n) => n.startsWith('storefront-'));
    const api = Object.keys(services).filter((n) => n.startsWith('api-'));
    expect(pages).toHaveLength(3);
    expect(api).toHaveLength(2);
    for (const name of [...pages, ...api]) {
      expect(services[name]?.image, name).toBe(services['storefront-1']?.image);
      expect(services[name]?.environment?.SHOP_ROLE, name).toBe(
        name.startsWith('api-') ? 'api' : 'pages',
      );
    }
  });

  it('trusts X-Forwarded-For from the edge alone', () => {
    const networks = services.varnish?.networks as Record<string, { ipv4_address?: string }>;
    const edge = networks.shop?.ipv4_address;
    expect(edge).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    for (const name of ['storefront-1', 'api-1', 'admin', 'worker'])
      expect(services[name]?.environment?.TRUSTED_PROXIES, name).toBe(edge);
  });

  it('checks the worker on the health port it opens', () => {
    const port = services.worker?.environment?.WORKER_HEALTH_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(JSON.stringify(services.worker?.healthcheck?.test)).toContain(
      `127.0.0.1:${port}/api/health`,
    );
  });

  it('revalidates every page replica from the worker', () => {
    const urls = services.worker?.environment?.STOREFRONT_URLS?.split(',') ?? [];
    expect(urls.map((u) => new URL(u).hostname).sort()).toEqual(
      Object.keys(services)
        .filter((n) => n.startsWith('storefront-'))
        .sort(),
    );
  });

  it('matches the DATABASE_URL its header documents for Postgres alone', () => {
    const documented = /DATABASE_URL=(\S+)/.exec(composeText)?.[1];
    if (!documented) throw new Error('compose.yaml no longer documents a DATABASE_URL');
    const url = new URL(documented);
    const env = services.postgres?.environment ?? {};
    expect(withDefaults(env.POSTGRES_USER ?? '')).toBe(url.username);
    expect(withDefaults(env.POSTGRES_DB ?? '')).toBe(url.pathname.slice(1));
    expect(services.postgres?.ports).toContain(`${url.port}:5432`);
    // And it is not the embedded default, so the two can run side by side.
    expect(new URL(EMBEDDED_DATABASE_URL).port).not.toBe(url.port);
  });

  it.skipIf(composeCli === undefined)(
    `is accepted by ${composeCli ? `${[composeCli.command, ...composeCli.args].join(' ')} config` : 'docker compose config (skipped: neither the docker compose plugin nor docker-compose is installed)'}`,
    () => {
      if (!composeCli) return;
      const env = Object.fromEntries(
        envExample
          .split('\n')
          .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
          .filter((m) => m !== null)
          .map((m) => [m[1] ?? '', m[2] ?? '']),
      );
      // The copy sits beside the original so that build contexts and bind mounts resolve alike.
      const file = composeCli.stripName ? `.compose-check-${process.pid}.yaml` : 'compose.yaml';
      if (composeCli.stripName) {
        expect(composeText).toMatch(/^name: /m);
        fs.writeFileSync(path.join(dockerDir, file), composeText.replace(/^name: .*\n/m, ''));
      }
      try {
        execFileSync(composeCli.command, [...composeCli.args, '-f', file, 'config', '--quiet'], {
          cwd: dockerDir,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
      } finally {
        if (composeCli.stripName) fs.rmSync(path.join(dockerDir, file), { force: true });
      }
    },
  );
});

describe('docker/varnish/default.vcl', () => {
  const backends = [...vcl.matchAll(/backend (\w+) \{ \.host = "([^"]+)"; \.port = "(\d+)";/g)];

  it('sends pages to the page replicas and /api/* to the API replicas, each one a compose service', () => {
    const hosts = backends.map((b) => b[2] ?? '');
    expect(hosts.sort()).toEqual(
      Object.keys(services)
        .filter((n) => /^(storefront|api)-\d$/.test(n))
        .sort(),
    );
    for (const [, name, host] of backends) {
      const director = host?.startsWith('api-') ? 'api' : 'pages';
      expect(vcl, `${name} is not in the ${director} director`).toContain(
        `${director}.add_backend(${name});`,
      );
    }
    expect(vcl).toMatch(
      /req\.url ~ "\^\/api\(\/\|\$\)"[\s\S]*?api\.backend\(\)[\s\S]*?return \(pass\)/,
    );
  });

  it.skipIf(!varnishInstalled)(
    `compiles with varnishd -C${varnishInstalled ? '' : ' (skipped: varnishd is not installed)'}`,
    () => {
      // varnishd resolves backend hosts while compiling; the compose names exist only there.
      const local = vcl.replace(/\.host = "[^"]+"/g, '.host = "127.0.0.1"');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-vcl-'));
      try {
        // varnishd started as root reads the file as its own unprivileged user.
        fs.chmodSync(dir, 0o755);
        fs.writeFileSync(path.join(dir, 'default.vcl'), local, { mode: 0o644 });
        const result = spawnSync('varnishd', ['-C', '-f', path.join(dir, 'default.vcl')], {
          encoding: 'utf8',
        });
        expect(result.status, result.stderr.slice(-2000)).toBe(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// The Dockerfile linter.

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1).trimEnd();
      let next = (lines[++i] ?? '').trim();
      while (next.startsWith('#') && i + 1 < lines.length) next = (lines[++i] ?? '').trim();
      line = `${line} ${next}`;
    }
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    out.push({ keyword: keyword.toUpperCase(), args, line: start + 1 });
  }
  return out;
}

function isExecForm(args: string): boolean {
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** Our hadolint-like rules; each problem is one sentence naming the line. */
function lintDockerfile(text: string): string[] {
  const problems: string[] = [];
  const instructions = parseDockerfile(text);
  const stages: string[] = [];
  let finalStageStart = 0;
  instructions.forEach((ins, index) => {
    const at = `line ${ins.line}`;
    if (ins.keyword === 'FROM') {
      finalStageStart = index;
      const [image, as, stage] = ins.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      if (!image) problems.push(`${at}: FROM names no image.`);
      else if (!stages.includes(image)) {
        const tag = /^[^@]+:([^:/@]+)$/.exec(image)?.[1];
        if (!tag && !image.includes('@sha256:'))
          problems.push(`${at}: FROM ${image} is not pinned to a tag.`);
        if (tag === 'latest') problems.push(`${at}: FROM ${image} uses the latest tag.`);
      }
      if (as?.toUpperCase() === 'AS' && stage) stages.push(stage);
    }
    if (ins.keyword === 'ADD' && /(^|\s)https?:\/\//.test(ins.args))
      problems.push(`${at}: ADD of a URL; download with RUN and check the file instead.`);
    if (ins.keyword === 'RUN' && /apt-get\s+(-\S+\s+)*install/.test(ins.args)) {
      if (!ins.args.includes('--no-install-recommends'))
        problems.push(`${at}: apt-get install without --no-install-recommends.`);
      if (!/rm -rf \/var\/lib\/apt\/lists/.test(ins.args))
        problems.push(
          `${at}: apt-get install without removing /var/lib/apt/lists in the same RUN.`,
        );
    }
    if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && !isExecForm(ins.args))
      problems.push(`${at}: ${ins.keyword} is not in exec form (a JSON array).`);
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S*)/g)) {
        if (/SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE/i.test(m[1] ?? '') && m[2] !== '')
          problems.push(`${at}: ${ins.keyword} ${m[1]} bakes a secret into the image.`);
      }
    }
  });
  const final = instructions.slice(finalStageStart);
  const user = final.filter((i) => i.keyword === 'USER').at(-1);
  if (!user) problems.push('The final stage sets no USER: the container would run as root.');
  else if (/^(root|0)(:|$)/.test(user.args.trim()))
    problems.push(`line ${user.line}: the final stage runs as root.`);
  if (!final.some((i) => i.keyword === 'HEALTHCHECK'))
    problems.push('The final stage has no HEALTHCHECK.');
  if (!final.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'))
    problems.push('The final stage has no CMD or ENTRYPOINT.');
  for (const ins of final) {
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !/--chown=/.test(ins.args))
      problems.push(`line ${ins.line}: ${ins.keyword} in the final stage without --chown.`);
  }
  return problems;
}

describe('the Dockerfile linter', () => {
  const good = [
    'FROM node:22-bookworm-slim AS build',
    'RUN apt-get update && apt-get install -y --no-install-recommends git \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'FROM node:22-bookworm-slim',
    'COPY --from=build --chown=node:node /out ./',
    'USER node',
    'HEALTHCHECK CMD ["node", "health.mjs"]',
    'CMD ["node", "main.js"]',
  ].join('\n');

  it('accepts a Dockerfile that follows every rule', () => {
    expect(lintDockerfile(good)).toEqual([]);
  });

  it.each([
    ['FROM node:22-bookworm-slim AS build', 'FROM node AS build', 'is not pinned to a tag'],
    ['FROM node:22-bookworm-slim\n', 'FROM node:latest\n', 'uses the latest tag'],
    ['USER node', 'USER root', 'runs as root'],
    ['USER node\n', '', 'sets no USER'],
    ['HEALTHCHECK CMD ["node", "health.mjs"]\n', '', 'no HEALTHCHECK'],
    ['CMD ["node", "main.js"]', 'CMD node main.js', 'not in exec form'],
    ['--chown=node:node /out', '/out', 'without --chown'],
    [' --no-install-recommends', '', 'without --no-install-recommends'],
    ['\\\n    && rm -rf /var/lib/apt/lists/*', '', 'without removing /var/lib/apt/lists'],
    ['USER node', 'ADD https://example.com/x.tgz /x.tgz\nUSER node', 'ADD of a URL'],
    ['USER node', 'ENV STRIPE_SECRET_KEY=sk_live_x\nUSER node', 'bakes a secret'],
  ])('finds %j replaced by %j (%s)', (from, to, problem) => {
    expect(good).toContain(from);
    expect(lintDockerfile(good.replace(from, to)).join(' ')).toContain(problem);
  });
});

describe('docker/*.Dockerfile', () => {
  const dockerfiles = fs.readdirSync(dockerDir).filter((f) => f.endsWith('.Dockerfile'));

  it('exist for the storefront, the admin and the worker', () => {
    expect(dockerfiles.sort()).toEqual([
      'admin.Dockerfile',
      'storefront.Dockerfile',
      'worker.Dockerfile',
    ]);
  });

  it.each(dockerfiles)('%s passes the linter', (file) => {
    expect(lintDockerfile(fs.readFileSync(path.join(dockerDir, file), 'utf8'))).toEqual([]);
  });

  it.each(['storefront', 'admin'])(
    '%s.Dockerfile builds Next standalone, serves it through the launcher, exposes its port, no telemetry',
    (app) => {
      const text = fs.readFileSync(path.join(dockerDir, `${app}.Dockerfile`), 'utf8');
      const port = app === 'admin' ? '3001' : '3000';
      expect(text).toContain(
        `NEXT_OUTPUT=standalone pnpm exec turbo run build --filter=@shop/${app}`,
      );
      expect(text).toContain(`/repo/apps/${app}/.next/standalone/`);
      expect(text).toContain(`/repo/apps/${app}/.next/static ./apps/${app}/.next/static`);
      expect(text).toMatch(/NEXT_TELEMETRY_DISABLED=1/);
      expect(text).toContain(`EXPOSE ${port}`);
      expect(text).toContain(`PORT=${port}`);
      expect(text).toContain(`CMD ["node", "next-entry.mjs", "--dir", "apps/${app}"]`);
      // The standalone config must be read from where Next writes it.
      const nextConfig = fs.readFileSync(path.join(repoRoot, `apps/${app}/next.config.ts`), 'utf8');
      expect(nextConfig).toContain("process.env.NEXT_OUTPUT === 'standalone' ? 'standalone'");
    },
  );

  it('installs from the lockfile alone (pnpm fetch, then an offline frozen install)', () => {
    for (const file of dockerfiles) {
      const text = fs.readFileSync(path.join(dockerDir, file), 'utf8');
      expect(text, file).toMatch(
        /COPY package\.json pnpm-lock\.yaml pnpm-workspace\.yaml \.\/\nRUN .*pnpm fetch/,
      );
      expect(text, file).toContain('pnpm install --offline --frozen-lockfile');
    }
  });

  it('copies every file the images name', () => {
    for (const file of dockerfiles) {
      const text = fs.readFileSync(path.join(dockerDir, file), 'utf8');
      for (const m of text.matchAll(/^COPY --chown=\S+ (docker\/\S+) /gm))
        expect(fs.existsSync(path.join(repoRoot, m[1] ?? '')), `${file}: ${m[1]}`).toBe(true);
    }
  });

  it('keeps the build context free of installs, builds and secrets (.dockerignore)', () => {
    const ignore = fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/.next', '**/dist', '.data', '.git', '**/.env'])
      expect(ignore, pattern).toContain(pattern);
  });
});
