import forge from 'node-forge';

/** The OID node-forge knows by `name`; throws when it does not (a node-forge upgrade renamed it). */
export function forgeOid(name: string): string {
  const oid = forge.pki.oids[name];
  if (!oid) throw new Error(`node-forge does not know ${name}`);
  return oid;
}

/** OIDs of the national CA's certificate profile (docs/rules.md, "Keys and certificates"). */
export const PROFILE_OID = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  /** An individual. */
  individual: '1.2.398.3.3.4.1.1',
  /** An employee of a legal entity; the national CA uses sub-arcs .1 … .5 (role). */
  employee: '1.2.398.3.3.4.1.2',
} as const;
