import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '@kezek/domain';
import { DEMO_ACCOUNTS } from '../demo/people.ts';
import { AdjustableClock, systemClock } from '../clock.ts';
import { hashPassword } from './passwords.ts';
import { DatabaseSessionStore, SessionUser } from './session-store.ts';
import { DEMO_ADMIN, TestClient, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    KEZEK_ADMIN_IIN: '220315500104',
    KEZEK_ADMIN_PASSWORD: 'from-the-environment',
  });
});
afterAll(() => t.close());

const staff = DEMO_ACCOUNTS.find((a) => a.role === 'staff')!;

describe('password sign-in', () => {
  it('signs in, rotates the session id and returns the user with a CSRF token', async () => {
    const client = new TestClient(t.app);
    await client.post('/api/auth/password', { iin: staff.iin, password: 'wrong-password' });
    const before = client.sessionCookie;
    const response = await client.signIn(staff.iin, staff.password);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ iin: staff.iin, roles: ['staff'] });
    expect(response.json().user.kindergartenIds).toHaveLength(2);
    expect(client.sessionCookie).not.toBe(before);
    const cookie = response.cookies.find((c) => c.name === 'kezek_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await client.get('/api/me');
    expect(me.json().csrfToken).toEqual(expect.any(String));
  });

  it.each([
    ['a wrong password', staff.iin, 'not-the-password'],
    ['an IIN without an account', '220315500010', 'whatever-password'],
  ])(
    'answers 401 bad_credentials for %s, without saying which part was wrong',
    async (_case, iin, password) => {
      const response = await new TestClient(t.app).post('/api/auth/password', { iin, password });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        code: 'bad_credentials',
        title: 'The IIN or password is wrong',
      });
    },
  );

  it('refuses an invalid IIN with 422 invalid_iin', async () => {
    const response = await new TestClient(t.app).post('/api/auth/password', {
      iin: '791028302729',
      password: 'x',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'invalid_iin',
      errors: [{ path: 'iin', code: 'invalid_iin' }],
    });
  });

  it('answers 400 naming the field for wrong types', async () => {
    const response = await new TestClient(t.app).post('/api/auth/password', {
      iin: 791028302728,
      password: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'iin' }] });
  });

  it('answers the sixth try in a minute with 429, and lets the account in again a minute later', async () => {
    const account = DEMO_ACCOUNTS.find((a) => a.role === 'officer')!;
    const client = new TestClient(t.app);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await client.post('/api/auth/password', {
        iin: account.iin,
        password: `wrong-${attempt}`,
      });
      expect(response.statusCode).toBe(401);
    }
    const sixth = await client.post('/api/auth/password', {
      iin: account.iin,
      password: account.password,
    });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe('rate_limited');
  });

  it('gives titles in the language asked for', async () => {
    const client = new TestClient(t.app);
    client.language = 'kk';
    const kk = await client.post('/api/auth/password', {
      iin: DEMO_ADMIN.iin,
      password: 'wrong-one',
    });
    expect(kk.json().title).toBe('ЖСН немесе құпиясөз қате');
    client.language = 'ru';
    const ru = await client.post('/api/auth/password', {
      iin: DEMO_ADMIN.iin,
      password: 'wrong-two',
    });
    expect(ru.json().title).toBe('Неверный ИИН или пароль');
  });

  it('creates the administrator named by KEZEK_ADMIN_IIN and KEZEK_ADMIN_PASSWORD', async () => {
    const client = new TestClient(t.app);
    const response = await client.signIn('220315500104', 'from-the-environment');
    expect(response.statusCode).toBe(200);
    expect(response.json().user.roles).toEqual(['admin']);
  });
});

describe('session', () => {
  it('answers /api/me with 401 when not signed in', async () => {
    const response = await new TestClient(t.app).get('/api/me');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('not_signed_in');
  });

  it('refuses a state change without the CSRF token and accepts it with the token', async () => {
    const client = new TestClient(t.app);
    await client.signIn(staff.iin, staff.password);
    const without = await client.request({
      method: 'PATCH',
      url: '/api/me',
      payload: { email: 'staff@example.kz' },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_invalid');
    const withToken = await client.patch('/api/me', {
      email: 'staff@example.kz',
      phone: '+77011234567',
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json().user).toMatchObject({
      email: 'staff@example.kz',
      phone: '+77011234567',
    });
  });

  it('does not write the session on reads, so parallel requests cannot undo each other', async () => {
    const client = new TestClient(t.app);
    await client.signIn(staff.iin, staff.password);
    const stored = () =>
      t.database.db
        .selectFrom('sessions')
        .select(['sid', 'data', 'expires_at'])
        .orderBy('sid')
        .execute();
    const before = await stored();
    await Promise.all([
      client.get('/api/me'),
      client.get('/api/nonce'),
      client.get('/api/me'),
      client.get('/api/nonce'),
    ]);
    expect(await stored()).toEqual(before);
    expect((await client.patch('/api/me', { phone: '+77012223344' })).statusCode).toBe(200);
  });

  it('signs out without a CSRF token (the cookie is SameSite=Lax) and ends the session', async () => {
    const client = new TestClient(t.app);
    await client.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password);
    const out = await client.request({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'x-csrf-token': 'stale' },
    });
    expect(out.statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('ends the session at logout', async () => {
    const client = new TestClient(t.app);
    await client.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('reads the user with the session on every request: changed roles count at once, an inactive or deleted user is refused', async () => {
    const now = t.clock.now();
    const iin = makeIin('1985-04-15', 'male', 77);
    const { id } = await t.database.db
      .insertInto('users')
      .values({
        iin,
        full_name: 'Session Reader',
        roles: ['staff'],
        password_hash: await hashPassword('session-reader'),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = new TestClient(t.app);
    await client.signIn(iin, 'session-reader');
    expect((await client.get('/api/me')).json().user.roles).toEqual(['staff']);
    const setUser = (values: { roles?: string[]; active?: boolean }) =>
      t.database.db.updateTable('users').set(values).where('id', '=', id).execute();
    await setUser({ roles: ['staff', 'officer'] });
    expect((await client.get('/api/me')).json().user.roles).toEqual(['staff', 'officer']);
    await setUser({ active: false });
    expect((await client.get('/api/me')).statusCode).toBe(401);
    await setUser({ active: true });
    expect((await client.get('/api/me')).statusCode).toBe(200);
    await t.database.db.deleteFrom('users').where('id', '=', id).execute();
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('never stores the user read with the session', async () => {
    const client = new TestClient(t.app);
    await client.signIn(staff.iin, staff.password);
    const store = new DatabaseSessionStore(t.database.db, systemClock);
    const rows = await t.database.db.selectFrom('sessions').select(['sid', 'data']).execute();
    const row = rows.find((r) => client.sessionCookie?.includes(r.sid))!;
    const restored = await new Promise<Record<string, unknown>>((resolve, reject) =>
      store.get(row.sid, (error, session) =>
        error ? reject(error) : resolve(session as unknown as Record<string, unknown>),
      ),
    );
    expect(restored.sessionUser).toBeInstanceOf(SessionUser);
    expect((restored.sessionUser as SessionUser).user?.iin).toBe(staff.iin);
    await new Promise<void>((resolve, reject) =>
      store.set(row.sid, restored as never, (error) => (error ? reject(error) : resolve())),
    );
    const saved = await t.database.db
      .selectFrom('sessions')
      .select('data')
      .where('sid', '=', row.sid)
      .executeTakeFirstOrThrow();
    expect(saved.data).toEqual(row.data);
    expect(JSON.stringify(saved.data)).not.toContain(staff.iin);
  });

  it('forgets a session whose lifetime has ended by the wall clock it is given', async () => {
    const client = new TestClient(t.app);
    await client.signIn(staff.iin, staff.password);
    const rows = await t.database.db.selectFrom('sessions').select(['sid', 'expires_at']).execute();
    const row = rows.find((r) => client.sessionCookie?.includes(r.sid))!;
    const read = (store: DatabaseSessionStore) =>
      new Promise<unknown>((resolve, reject) =>
        store.get(row.sid, (error, session) => (error ? reject(error) : resolve(session))),
      );
    const justBefore = new AdjustableClock(new Date(row.expires_at.getTime() - 1));
    expect(await read(new DatabaseSessionStore(t.database.db, justBefore))).not.toBeNull();
    const atTheEnd = new AdjustableClock(row.expires_at);
    expect(await read(new DatabaseSessionStore(t.database.db, atTheEnd))).toBeNull();
  });

  it('stores sessions in the database, so any instance can serve them', async () => {
    const client = new TestClient(t.app);
    await client.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password);
    const rows = await t.database.db.selectFrom('sessions').select('sid').execute();
    expect(rows.length).toBeGreaterThan(0);
  });
});
