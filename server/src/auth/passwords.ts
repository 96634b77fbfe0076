import { hash, verify } from '@node-rs/argon2';

export const hashPassword = (password: string) => hash(password);

// Verifying against a real hash when the account does not exist keeps the answer time the same,
// so the timing does not tell which IINs have accounts.
const decoyHash = await hash('kezek-decoy-password');

export async function passwordMatches(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  const matches = await verify(storedHash ?? decoyHash, password).catch(() => false);
  return storedHash !== null && matches;
}
