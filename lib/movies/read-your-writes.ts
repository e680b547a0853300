import "server-only";
import { cookies } from "next/headers";
import type { Db } from "@/db/client";
import { getReadPools, type ReplicaHealth } from "@/db/read-pool";
import { readReplicaCheckMs, readReplicaMaxLagSec } from "@/lib/config";

/**
 * Read-your-own-writes with read replicas: a write's response sets this short-lived cookie, and
 * while it lasts that client's reads go to the primary. A replica in use was at most the lag bound
 * behind at its last check and can fall at most one check interval further behind before the next
 * one sets it aside, so after that window every replica in use holds the write (+1 s: the lag is
 * reported in whole seconds). The value is only a routing hint: a forged one just reads the primary.
 */
const RECENT_WRITE_COOKIE = "movies_wrote";

function readYourWritesWindowSec(): number {
  return Math.ceil(readReplicaMaxLagSec() + readReplicaCheckMs() / 1000) + 1;
}

/** The Set-Cookie value for a successful write's response, or undefined when there are no replicas. */
export function recentWriteSetCookie(): string | undefined {
  if (!getReadPools().configured) return undefined;
  const sec = readYourWritesWindowSec();
  return `${RECENT_WRITE_COOKIE}=${Date.now() + sec * 1000}; Max-Age=${sec}; Path=/; HttpOnly; SameSite=Lax`;
}

/** For server actions: marks this client as a recent writer. */
export async function rememberWrite(): Promise<void> {
  if (!getReadPools().configured) return;
  const sec = readYourWritesWindowSec();
  (await cookies()).set(RECENT_WRITE_COOKIE, String(Date.now() + sec * 1000), { maxAge: sec, path: "/", httpOnly: true, sameSite: "lax" });
}

async function wroteRecently(): Promise<boolean> {
  try {
    const until = Number((await cookies()).get(RECENT_WRITE_COOKIE)?.value);
    return until > Date.now();
  } catch {
    return false; // outside a request (scripts, tests): no client to route
  }
}

/** A catalog or detail read: on a read replica, or on the primary for a client that just wrote. */
export async function readDb<T>(query: (db: Db) => Promise<T>): Promise<T> {
  const pools = getReadPools();
  return pools.read(query, pools.configured && (await wroteRecently()));
}

/** For /api/health: each read replica's state and lag, when DATABASE_READ_URL is set. */
export function readReplicaHealth(): { replicas?: ReplicaHealth[] } {
  const pools = getReadPools();
  return pools.configured ? { replicas: pools.health() } : {};
}
