/** The ways to sign the signing dialog offers (docs/mobile-signing.md). */
export type SignMethod = 'mobile' | 'ncalayer' | 'file';

const REMEMBERED = 'kezek.signMethod';
const METHODS: readonly SignMethod[] = ['mobile', 'ncalayer', 'file'];

/** The method this person signed with last on this device, if any. */
export function rememberedMethod(): SignMethod | null {
  try {
    const value = localStorage.getItem(REMEMBERED);
    return METHODS.find((method) => method === value) ?? null;
  } catch {
    return null;
  }
}

export function rememberMethod(method: SignMethod): void {
  try {
    localStorage.setItem(REMEMBERED, method);
  } catch {
    // Private mode or storage off: nothing to remember then.
  }
}

/**
 * The method the dialog opens with: the one asked for, else the last one used here while it still
 * works (NCALayer only when it answers), else NCALayer when it answers, else eGov Mobile — what
 * most parents, on a phone, have.
 */
export function initialMethod(options: {
  asked: SignMethod | undefined;
  remembered: SignMethod | null;
  ncaLayer: boolean;
}): SignMethod {
  if (options.asked) return options.asked;
  const { remembered, ncaLayer } = options;
  if (remembered && (remembered !== 'ncalayer' || ncaLayer)) return remembered;
  return ncaLayer ? 'ncalayer' : 'mobile';
}
