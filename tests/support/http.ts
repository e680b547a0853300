import { inject } from "vitest";

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** fetch against the app under test, parsing JSON bodies (text when not JSON). */
export async function api<T = any>(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<JsonResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${inject("baseUrl")}${path}`, { ...init, headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export const admin = () => inject("adminToken");
