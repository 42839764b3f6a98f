/** Host mode (多席位): this GridDesk as the district's host for the other desks of the intranet. */
import { z } from 'zod';
import type { HostSettings } from '../server/hostSettings';
import type { RunningHostInfo } from '../server/hostStatus';
import type { DeskConnection } from '../server/deskConnection';
import { call, ADMIN_ONLY } from './define';
import { empty } from './common';

export type { HostSettings, RunningHostInfo, DeskConnection };

export interface HostModeStatus {
  readonly settings: HostSettings;
  /** The running host, or null when this GridDesk is not hosting now. */
  readonly running: RunningHostInfo | null;
  /** The fingerprint of the certificate kept beside the database (null: made on the first start as host). */
  readonly storedFingerprint: string | null;
  /** This PC's own subnets: the allow-list when none is set. */
  readonly ownSubnets: readonly string[];
}

const path = z.string().trim().min(1).max(4096);

export const hostCalls = {
  'host:status': call<HostModeStatus>()({
    input: empty,
    doc: 'Host mode: the settings, whether GridDesk is hosting now, its addresses, certificate fingerprint and allow-list.',
    access: ADMIN_ONLY,
    reads: ['settings'],
  }),
  'host:set': call<HostSettings>()({
    input: z
      .object({
        enabled: z.boolean().optional(),
        port: z.number().int().min(1).max(65535).optional(),
        allowList: z.array(z.string().max(60)).max(200).nullable().optional(),
        certFile: path.nullable().optional(),
        keyFile: path.nullable().optional(),
      })
      .strict(),
    doc: 'Change host mode (start as host, port, allowed subnets, a supplied certificate); at the host itself only; applies at the next start, the allow-list at once.',
    access: ADMIN_ONLY,
    writes: ['settings', 'log'],
  }),
  'desk:connection': call<DeskConnection | null>()({
    input: empty,
    doc: 'The host this PC’s GridDesk window connects to (设置 → 连接到主机), or null: it works on its own database.',
    access: ADMIN_ONLY,
    reads: ['settings'],
  }),
  'desk:connect': call<DeskConnection | null>()({
    input: z.union([z.object({ url: z.string().trim().min(1).max(300), fingerprint: z.string().trim().min(1).max(200) }).strict(), z.object({ disconnect: z.literal(true) }).strict()]),
    doc: 'Point this PC’s GridDesk window at a host (address and certificate fingerprint, pinned), or back at its own database; applies at the next start. Desktop window only.',
    access: ADMIN_ONLY,
    writes: ['settings'],
  }),
} as const;
