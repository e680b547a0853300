import type { NextConfig } from "next";

// Pages get their Content-Security-Policy (with a per-request nonce) and HSTS in proxy.ts; the JSON
// API, which the proxy skips for speed, gets a fixed policy and HSTS here.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Features this site never uses are denied to it and to anything it might embed.
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
  },
];

const nextConfig: NextConfig = {
  // Native addon and CommonJS-heavy libraries stay outside the server bundle.
  serverExternalPackages: ["hnswlib-node", "mysql2", "pino"],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON is never rendered as a document: nothing may load or frame it.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
      // TLS ends at the reverse proxy, which says so in X-Forwarded-Proto (its first value counts, as in proxy.ts arrivedOverTls).
      {
        source: "/api/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "\\s*https\\s*(?:,.*)?" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000" }],
      },
    ];
  },
};

export default nextConfig;
