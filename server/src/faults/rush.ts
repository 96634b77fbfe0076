import { signCms } from '../signature/test-ca/index.ts';
import { base64, utf8 } from '../testing/eds.ts';
import { FAULT_NOW, addParents, addWaiting, type FaultCity, type Parent } from './city.ts';
import { Browser, type Answer } from './http-client.ts';

/** Each parent in a browser of its own address (127.0.1.n, 127.0.2.n…), signed in with the AUTH key. */
export async function signInParents(parents: Parent[], baseUrls: string[]): Promise<Browser[]> {
  return Promise.all(
    parents.map(async (parent, i) => {
      const browser = new Browser(baseUrls, `127.0.${1 + Math.floor(i / 250)}.${(i % 250) + 1}`);
      const { nonce } = (await browser.get('/api/nonce')).body as { nonce: string };
      const cms = base64(signCms(utf8(nonce), parent.keys.auth, { includeChain: true }));
      const signedIn = await browser.post('/api/auth/eds', { cms });
      if (signedIn.status !== 200) throw new Error(`sign-in: ${JSON.stringify(signedIn.body)}`);
      await browser.refreshCsrf();
      return browser;
    }),
  );
}

export async function signedAction(
  browser: Browser,
  parent: Parent,
  action: string,
  fields: object,
) {
  const { nonce } = (await browser.get('/api/nonce')).body as { nonce: string };
  const content = JSON.stringify({ action, nonce, ...fields });
  return { cms: base64(signCms(utf8(content), parent.keys.sign, { includeChain: true })) };
}

export interface Choice {
  applicationId: string;
  parent: number;
  placeId: string;
}

/**
 * Signs every choice first (as parents do before pressing the button), then sends them all at
 * once; `browsers[i]` sends choice i (a browser sends one signed request at a time, so a parent
 * choosing for several children at once uses a browser session for each).
 */
export async function rush(
  browsers: Browser[],
  parents: Parent[],
  choices: Choice[],
): Promise<(Answer | Error)[]> {
  const bodies: { cms: string }[] = [];
  for (const [i, choice] of choices.entries()) {
    bodies.push(
      await signedAction(browsers[i]!, parents[choice.parent]!, 'direction.choose', {
        applicationId: choice.applicationId,
        placeId: choice.placeId,
      }),
    );
  }
  return Promise.all(
    choices.map((choice, i) =>
      browsers[i]!.post(`/api/applications/${choice.applicationId}/direction`, bodies[i]).catch(
        (error: Error) => error,
      ),
    ),
  );
}

/** Sets the clock of every instance (a restarted one starts from the real time). */
export async function setClock(baseUrls: string[], at: Date = FAULT_NOW): Promise<void> {
  for (const base of baseUrls) {
    const response = await fetch(`${base}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: at.toISOString() }),
    });
    if (!response.ok) throw new Error(`clock: ${response.status}`);
  }
}

export async function tick(base: string): Promise<Record<string, number>> {
  const response = await fetch(`${base}/api/test/tick`, { method: 'POST' });
  if (!response.ok) throw new Error(`tick: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, number>;
}

export const tally = (answers: (Answer | Error)[]) =>
  answers.reduce<Record<string, number>>((counts, answer) => {
    const key =
      answer instanceof Error
        ? 'lost'
        : answer.status < 400
          ? String(answer.status)
          : `${answer.status} ${(answer.body as { code: string }).code}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

/** Polls until `ready` holds (never a fixed sleep: the kill must land in the middle of the work). */
export async function until(ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The city's staff member, signed in with the password. */
export async function staffBrowser(city: FaultCity, baseUrls: string[], address: string) {
  const staff = new Browser(baseUrls, address);
  const signedIn = await staff.post('/api/auth/password', city.staff);
  if (signedIn.status !== 200) throw new Error(`staff sign-in: ${JSON.stringify(signedIn.body)}`);
  await staff.refreshCsrf();
  return staff;
}

/**
 * A rush: `batches` × `count` places of `groupYear`, released before anyone of that year waits
 * (free choice at once, first come first served), then parents with `each` waiting children,
 * every child choosing one of the batches in turn.
 */
export async function rushCity(
  city: FaultCity,
  baseUrls: string[],
  options: { groupYear: number; batches: number; count: number; parents: number; each: number },
) {
  const staff = await staffBrowser(city, baseUrls, '127.0.0.3');
  const placeIds: string[] = [];
  for (let i = 0; i < options.batches; i += 1) {
    const released = await staff.post('/api/places', {
      kindergartenId: city.kindergartenId,
      groupYear: options.groupYear,
      language: city.language,
      count: options.count,
    });
    if ((released.body as { state?: string }).state !== 'free_choice')
      throw new Error(`release: ${JSON.stringify(released.body)}`);
    placeIds.push((released.body as { id: string }).id);
  }
  staff.close();
  const parents = await addParents(city, options.parents);
  const applications = await addWaiting(
    city,
    options.parents * options.each,
    options.groupYear,
    parents.map((p) => p.userId),
  );
  const choices: Choice[] = applications.map((applicationId, i) => ({
    applicationId,
    parent: i % parents.length,
    placeId: placeIds[i % placeIds.length]!,
  }));
  return { parents, choices, places: options.batches * options.count };
}
