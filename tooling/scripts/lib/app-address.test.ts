import { describe, expect, it } from 'vitest';
import { appAddress } from './app-address';

describe('appAddress', () => {
  it('defaults to localhost on the default port', () => {
    expect(appAddress({ defaultPort: 3000 })).toEqual({
      port: 3000,
      url: 'http://localhost:3000',
    });
  });

  it('listens on the port a URL names when no port is set', () => {
    expect(appAddress({ url: 'http://127.0.0.1:4100/', defaultPort: 3000 })).toEqual({
      port: 4100,
      url: 'http://127.0.0.1:4100',
    });
  });

  it('keeps the default port behind a public URL without a port (a proxy in front)', () => {
    expect(appAddress({ url: 'https://shop.example.com', defaultPort: 3000 })).toEqual({
      port: 3000,
      url: 'https://shop.example.com',
    });
  });

  it('lets the port variable win over the URL', () => {
    expect(appAddress({ port: 5000, url: 'http://localhost:4000', defaultPort: 3000 })).toEqual({
      port: 5000,
      url: 'http://localhost:4000',
    });
  });
});
