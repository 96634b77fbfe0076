import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('configuration', () => {
  it('has the defaults of README.md "Configuration"', () => {
    expect(readConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      KEZEK_DATA_DIR: './data',
      KEZEK_DEMO: 'auto',
      KEZEK_TEST_API: false,
    });
  });

  it('points the public address at the port and host it listens on, unless it is given', () => {
    expect(readConfig({}).KEZEK_PUBLIC_URL).toBe('http://localhost:3000');
    expect(readConfig({ PORT: '3100' }).KEZEK_PUBLIC_URL).toBe('http://localhost:3100');
    expect(readConfig({ PORT: '3100', HOST: '0.0.0.0' }).KEZEK_PUBLIC_URL).toBe(
      'http://localhost:3100',
    );
    expect(readConfig({ HOST: '10.0.0.5' }).KEZEK_PUBLIC_URL).toBe('http://10.0.0.5:3000');
    expect(readConfig({ HOST: 'fd00::5', PORT: '80' }).KEZEK_PUBLIC_URL).toBe(
      'http://[fd00::5]:80',
    );
    expect(
      readConfig({ PORT: '3100', KEZEK_PUBLIC_URL: 'https://kezek.example.kz' }).KEZEK_PUBLIC_URL,
    ).toBe('https://kezek.example.kz');
  });

  it('treats an empty variable as unset', () => {
    expect(readConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it('takes map tiles as an https template or off', () => {
    expect(readConfig({}).KEZEK_MAP_TILES).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(readConfig({ KEZEK_MAP_TILES: 'off' }).KEZEK_MAP_TILES).toBe('off');
  });

  it('takes the trusted proxies as addresses and CIDRs', () => {
    expect(readConfig({ KEZEK_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).KEZEK_TRUST_PROXY).toBe(
      '127.0.0.1, 10.0.0.0/8',
    );
  });

  it('splits the trust lists', () => {
    expect(readConfig({ KEZEK_TRUSTED_CAS: 'a.pem, b.pem', KEZEK_CRLS: 'c.crl' })).toMatchObject({
      KEZEK_TRUSTED_CAS: ['a.pem', 'b.pem'],
      KEZEK_CRLS: ['c.crl'],
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^invalid configuration: PORT /],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:\/\//],
    [{ KEZEK_DEMO: 'yes' }, /KEZEK_DEMO/],
    [{ KEZEK_TRUST_PROXY: '10.0.0.1; rm -rf' }, /KEZEK_TRUST_PROXY must list addresses or CIDRs/],
    [
      { KEZEK_ADMIN_IIN: '791028302729', KEZEK_ADMIN_PASSWORD: 'long-enough-password' },
      /KEZEK_ADMIN_IIN is not a valid IIN/,
    ],
    [{ KEZEK_ADMIN_IIN: '791028302728' }, /KEZEK_ADMIN_IIN and KEZEK_ADMIN_PASSWORD go together/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ KEZEK_MAP_TILES: 'http://tiles.example/{z}/{x}/{y}.png' }, /KEZEK_MAP_TILES/],
    [{ KEZEK_MAP_TILES: 'https://tiles.example/{z}.png' }, /KEZEK_MAP_TILES/],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('never repeats a secret in the error', () => {
    expect(() =>
      readConfig({ KEZEK_ADMIN_IIN: '791028302728', KEZEK_ADMIN_PASSWORD: 'short' }),
    ).toThrow(/^invalid configuration: KEZEK_ADMIN_PASSWORD needs at least 10 characters$/);
  });

  it('keeps the metrics off unless a token or public is asked for', () => {
    const token = 'm'.repeat(32);
    expect(readConfig({}).KEZEK_METRICS).toBe('off');
    expect(readConfig({ KEZEK_METRICS_TOKEN: token }).KEZEK_METRICS).toBe('token');
    expect(readConfig({ KEZEK_METRICS: 'public' }).KEZEK_METRICS).toBe('public');
    expect(readConfig({ KEZEK_METRICS: 'off', KEZEK_METRICS_TOKEN: token }).KEZEK_METRICS).toBe(
      'off',
    );
    expect(() => readConfig({ KEZEK_METRICS: 'token' })).toThrow(
      /^invalid configuration: KEZEK_METRICS is token: set KEZEK_METRICS_TOKEN too/,
    );
    expect(() => readConfig({ KEZEK_METRICS_TOKEN: 'short' })).toThrow(
      /^invalid configuration: KEZEK_METRICS_TOKEN needs at least 32 characters$/,
    );
  });

  it('stops the server with exit code 1 and one line on stderr', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: 'eighty' },
    });
    const failure = await run.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual([
      'kezek: invalid configuration: PORT Invalid input: expected number, received NaN (got "eighty")',
    ]);
  });
});
