/**
 * The host's HTTPS certificate: made on first start (a self-signed EC P-256 certificate, ten years)
 * and kept beside the database as `<database>.host-cert.pem` / `.host-key.pem` (the key readable by
 * this user only), or the pair an administrator supplies. Desks pin its SHA-256 fingerprint: a browser
 * is shown it to compare, GridDesk's own window refuses any other.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownAddresses } from './allowList';

export interface HostCertificate {
  readonly cert: string;
  readonly key: string;
  /** "AB:CD:…" (32 bytes), as browsers and Electron show it. */
  readonly fingerprint: string;
  readonly certFile: string;
  readonly source: 'generated' | 'supplied';
  readonly validTo: string;
}

export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Where the certificate made for a database is kept. */
export function certificateFilesFor(databasePath: string): CertificateFiles {
  return { certFile: `${databasePath}.host-cert.pem`, keyFile: `${databasePath}.host-key.pem` };
}

/** The SHA-256 fingerprint of a PEM certificate, colon-separated upper-case hex. */
export function fingerprintOf(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256;
}

/** A fingerprint as typed or pasted (spaces, dashes, lower case, with or without colons) in the canonical form, or null. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex.match(/../g)!.join(':') : null;
}

function read(files: CertificateFiles, source: HostCertificate['source']): HostCertificate {
  const cert = fs.readFileSync(files.certFile, 'utf8');
  const key = fs.readFileSync(files.keyFile, 'utf8');
  const x509 = new crypto.X509Certificate(cert);
  if (!x509.checkPrivateKey(crypto.createPrivateKey(key))) {
    throw new Error(`证书与私钥不匹配：${files.certFile}`);
  }
  return { cert, key, fingerprint: x509.fingerprint256, certFile: files.certFile, source, validTo: x509.validTo };
}

/**
 * The certificate to serve: the supplied pair when given, else the one kept beside the database, made
 * now when there is none (written to temporary names first, so a crash leaves no half pair).
 */
export async function loadOrCreateCertificate(options: { databasePath: string; supplied?: CertificateFiles | null; now?: Date }): Promise<HostCertificate> {
  if (options.supplied) return read(options.supplied, 'supplied');
  const files = certificateFilesFor(options.databasePath);
  if (fs.existsSync(files.certFile) && fs.existsSync(files.keyFile)) return read(files, 'generated');
  const now = options.now ?? new Date();
  const notAfter = new Date(now.getTime());
  notAfter.setFullYear(notAfter.getFullYear() + 10);
  const hostName = os.hostname() || 'griddesk-host';
  // Loaded when a certificate is made (once per host): its X.509 library holds ~14 MB in every process that imports it.
  const { generate } = await import('selfsigned');
  const made = await generate([{ name: 'commonName', value: `GridDesk ${hostName}` }, { name: 'organizationName', value: 'GridDesk' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3_600_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostName },
          { type: 7, ip: '127.0.0.1' },
          ...ownAddresses().map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  const tmp = `.${process.pid}.tmp`;
  fs.writeFileSync(files.keyFile + tmp, made.private, { mode: 0o600 });
  fs.writeFileSync(files.certFile + tmp, made.cert);
  fs.renameSync(files.keyFile + tmp, files.keyFile);
  fs.renameSync(files.certFile + tmp, files.certFile);
  return read(files, 'generated');
}

/** Where a supplied file is expected to be (an absolute path on the host). */
export function isAbsoluteFile(p: string): boolean {
  return path.isAbsolute(p) && fs.existsSync(p) && fs.statSync(p).isFile();
}
