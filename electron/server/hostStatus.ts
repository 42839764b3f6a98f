/** What the running host mode shows 设置 → 多席位 (one per process; null while GridDesk is not hosting). */
export interface RunningHostInfo {
  readonly listenHost: string;
  readonly port: number;
  /** Addresses desks can open (https://<this PC's intranet address>:<port>/). */
  readonly urls: readonly string[];
  readonly fingerprint: string;
  readonly certificateSource: 'generated' | 'supplied';
  readonly certificateFile: string;
  readonly certificateValidTo: string;
  /** The subnets allowed now (the setting, or this PC's own subnets). */
  readonly allowed: readonly string[];
  readonly startedAt: number;
  /** Desks connected to the live feed. */
  readonly liveClients: number;
}

let current: (() => RunningHostInfo) | null = null;

export function setRunningHost(info: (() => RunningHostInfo) | null): void {
  current = info;
}

export function runningHost(): RunningHostInfo | null {
  return current ? current() : null;
}
