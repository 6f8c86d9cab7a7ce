import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type * as OpenPgp from 'openpgp';

/** openpgp is large: it loads when a signature is checked, not when the action starts. */
const pgp = () => import('openpgp');
import { ImmutableError } from '../../errors';

export interface TrustedKey {
  key: OpenPgp.PublicKey;
  /** Upper-case hex fingerprint of the primary key. */
  fingerprint: string;
  /** The last 8 hex digits of the fingerprint, as HashiCorp names per-key signature files (`.72D7468F.sig`). */
  shortId: string;
}

export async function readTrustedKey(armoredKey: string): Promise<TrustedKey> {
  const openpgp = await pgp();
  let key: OpenPgp.PublicKey;
  try {
    key = await openpgp.readKey({ armoredKey });
  } catch (error) {
    throw new ImmutableError(
      'INVALID_INPUT',
      `Invalid public-key: expected an armored OpenPGP public key (${errorText(error)}).`,
      {
        cause: error,
      },
    );
  }
  const fingerprint = key.getFingerprint().toUpperCase();
  return { key, fingerprint, shortId: fingerprint.slice(-8) };
}

/**
 * Checks a detached signature over SHA256SUMS. openpgp.verify() always resolves; the verdict is the promise
 * `signatures[0].verified`, which rejects on a bad signature, an unknown signer or an expired key. It must be
 * awaited (hashicorp/setup-packer only tests the result's truthiness, which never fails).
 */
export async function verifySumsSignature(
  sums: Uint8Array,
  signatureBytes: Uint8Array,
  trusted: TrustedKey,
  files: { sums: string; signature: string },
  now: Date = new Date(),
): Promise<void> {
  const refuse = (why: string, cause?: unknown): ImmutableError =>
    new ImmutableError(
      'VERIFY_FAILED',
      `Refusing ${files.sums}: ${why}.`,
      cause === undefined ? {} : { cause },
    );

  const openpgp = await pgp();
  let signature: OpenPgp.Signature;
  try {
    signature = await openpgp.readSignature({ binarySignature: signatureBytes });
  } catch (error) {
    throw refuse(`${files.signature} is not an OpenPGP signature (${errorText(error)})`, error);
  }
  const result = await openpgp.verify({
    message: await openpgp.createMessage({ binary: sums }),
    signature,
    verificationKeys: trusted.key,
    format: 'binary',
    date: now,
  });
  const [first] = result.signatures;
  if (!first) throw refuse(`${files.signature} holds no signature`);
  const signer = first.keyID.toHex().toUpperCase();
  // A signature by a key we do not trust fails below too, but this says which key it was.
  if (trusted.key.getKeys(first.keyID).length === 0) {
    throw refuse(
      `${files.signature} was signed by key ${signer}, not by the trusted key ${trusted.fingerprint}`,
    );
  }
  try {
    await first.verified;
  } catch (error) {
    throw refuse(
      `the signature in ${files.signature} by key ${signer} does not verify against ${trusted.fingerprint} (${errorText(error)})`,
      error,
    );
  }
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function checkSha256(
  file: string,
  sumsFile: string,
  expected: string | undefined,
  actual: string,
): void {
  if (expected === undefined) {
    throw new ImmutableError('VERIFY_FAILED', `Refusing ${file}: ${sumsFile} has no entry for it.`);
  }
  if (expected !== actual) {
    throw new ImmutableError(
      'VERIFY_FAILED',
      `Refusing ${file}: SHA-256 mismatch, expected ${expected} (from ${sumsFile}) but the download is ${actual}.`,
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
