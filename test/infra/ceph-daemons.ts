// The pieces of test/infra/s3.ts that talk to Ceph's files: its configuration, and its
// daemons as their pid files and logs name them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DAEMONS = ['mon.a', 'osd.0', 'client.rgw.a'] as const;

export function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
ms bind ipv6 = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 2
mon data avail crit = 1
osd objectstore = memstore
osd crush chooseleaf type = 0
setuser = root
setgroup = root
run dir = ${dir}
log file = ${dir}/$name.log
admin socket = ${dir}/$name.asok
pid file = ${dir}/$name.pid
[mon.a]
mon data = ${dir}/mon
public addr = 127.0.0.1
[osd.0]
osd data = ${dir}/osd0
memstore device bytes = 4294967296
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`;
}

function readPid(dir: string, name: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dir, `${name}.pid`), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function livePids(dir: string): number[] {
  return DAEMONS.map((name) => readPid(dir, name)).filter((pid): pid is number => pid !== null && alive(pid));
}

export function signalDaemons(dir: string, signal: NodeJS.Signals): void {
  for (const pid of livePids(dir)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone between the check and the kill.
    }
  }
}

export function tailLogs(dir: string): string {
  return DAEMONS.map((name) => {
    try {
      const lines = readFileSync(path.join(dir, `${name}.log`), 'utf8')
        .trim()
        .split('\n')
        .slice(-8);
      return `--- ${name}.log\n${lines.join('\n')}`;
    } catch {
      return '';
    }
  })
    .filter(Boolean)
    .join('\n');
}
