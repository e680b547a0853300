import { randomBytes } from "node:crypto";
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import ipaddr from "ipaddr.js";
import { trustProxyHops } from "@/lib/config";

/**
 * `next start` fills X-Forwarded-For with the socket address only when the client sent none, so a
 * handler cannot tell a forged header from the real peer. Like a standard proxy, this hook appends
 * the socket's address to X-Forwarded-For on every request before Next.js sees it; the rightmost
 * entry is then always the real peer. Requests parsed before the hook was installed (the seconds
 * between `listen` and instrumentation) lack the per-process proof header and share one
 * "unverified" client key, so a forged header never buys a fresh rate-limit budget.
 */
const PROOF_HEADER = "x-peer-proof";
const UNVERIFIED = "unverified";

type PeerGlobal = { __peerProof?: string };
const g = globalThis as PeerGlobal;

/** Installs the hook once per process (instrumentation register(), nodejs runtime). */
export function appendSocketPeerToForwardedFor(): void {
  if (g.__peerProof) return;
  const proof = randomBytes(16).toString("hex");
  g.__peerProof = proof;
  diagnosticsChannel.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const peer = socket.remoteAddress ?? UNVERIFIED;
    const forwarded = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
    request.headers[PROOF_HEADER] = proof;
  });
}

/** IPv4-mapped IPv6 as plain IPv4, other addresses in canonical form; junk kept short. */
function canonical(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64) || UNVERIFIED;
  return ipaddr.process(address).toString();
}

/**
 * The client's address from an X-Forwarded-For chain whose last entry is the socket peer: the
 * entry `hops` from the right (each trusted proxy appended one), or the leftmost when the chain is shorter.
 */
export function addressFromChain(forwardedFor: string, hops: number): string {
  const chain = forwardedFor
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return UNVERIFIED;
  return canonical(chain[chain.length - 1 - Math.min(hops, chain.length - 1)]);
}

/** The client address of a request, trusting X-Forwarded-For only through TRUST_PROXY hops. */
export function clientAddress(headers: { get(name: string): string | null }): string {
  if (!g.__peerProof || headers.get(PROOF_HEADER) !== g.__peerProof) return UNVERIFIED;
  return addressFromChain(headers.get("x-forwarded-for") ?? "", trustProxyHops());
}

/** The rate-limit key of an address: IPv6 clients get a whole /64 each, so they cannot rotate within it. */
export function addressKey(address: string): string {
  if (!ipaddr.IPv6.isValid(address)) return address;
  const parts = ipaddr.IPv6.parse(address).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(":")}::/64`;
}
