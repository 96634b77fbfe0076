import { describe, expect, it } from 'vitest';
import { browserSetup } from './ensure-browser.mjs';

const machine = {
  chromium: true,
  font: true,
  root: false,
  aptGet: true,
  chromiumPath: '/usr/bin/chromium',
};

describe('the browser set-up before npm test', () => {
  it('goes on when Chromium and the fonts are there', () => {
    expect(browserSetup(machine)).toEqual({ action: 'ready' });
  });

  it('installs what is missing as root with apt-get', () => {
    expect(browserSetup({ ...machine, chromium: false, font: false, root: true })).toEqual({
      action: 'install',
      packages: ['chromium', 'fonts-dejavu-core'],
    });
  });

  it('stops with the one command to run otherwise', () => {
    expect(browserSetup({ ...machine, chromium: false })).toMatchObject({
      action: 'stop',
      message: expect.stringContaining('sudo apt-get install -y chromium\n'),
    });
    expect(browserSetup({ ...machine, font: false, aptGet: false }).action).toBe('stop');
  });

  it('never installs over a CHROMIUM_PATH the user chose', () => {
    expect(
      browserSetup({ ...machine, chromium: false, root: true, chromiumPath: '/opt/c' }),
    ).toMatchObject({ action: 'stop', message: expect.stringContaining('CHROMIUM_PATH=/opt/c') });
  });
});
