import { NextResponse, type NextRequest } from "next/server";

/**
 * Per-request security headers: a Content-Security-Policy whose script-src allows only scripts
 * carrying this request's nonce (Next reads it from the request's CSP header and stamps it on its
 * own scripts, so pages render dynamically), and HSTS on requests that arrived over TLS.
 * The static headers (nosniff, frame and referrer policy, Permissions-Policy), and the API's whole
 * policy, are in next.config.ts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (arrivedOverTls(request)) response.headers.set("Strict-Transport-Security", "max-age=31536000");
  return response;
}

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a nonced script are trusted; host lists are ignored.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Style attributes (React's style={...}) cannot carry nonces; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // Posters: redirects to the allow-listed https image hosts (lib/posters/hosts.ts).
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/**
 * TLS ends at the reverse proxy in front of `next start`, which says so in X-Forwarded-Proto (the
 * same signal that makes the admin cookie Secure). A client forging it over plain http gains
 * nothing: browsers ignore Strict-Transport-Security received over http (RFC 6797 8.1).
 */
function arrivedOverTls(request: NextRequest): boolean {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || request.nextUrl.protocol === "https:";
}

export const config = {
  // Pages and public files get a nonce. Hashed build assets need no policy of their own, and the JSON
  // API gets static headers from next.config.ts: a nonce means nothing to JSON, and the proxy is a
  // second pass through Next's request handling on the routes that are called the most.
  matcher: ["/((?!_next/static|_next/image|api/).*)"],
};
