import type { Metadata } from "next";
import { Fragment, type ReactNode } from "react";
import { openApiDocument } from "@/lib/api/openapi";
import { focusRing } from "@/components/format";

export const metadata: Metadata = { title: "API reference · Movie recommender" };

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  description?: string;
};
type Param = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Response = { description?: string; content?: Record<string, { schema?: Schema }> };
type Operation = {
  summary?: string;
  description?: string;
  parameters?: Param[];
  security?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, Response>;
};
type Doc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation | Param[]>>;
  components: { schemas: Record<string, Schema> };
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-800 text-sky-50",
  post: "bg-emerald-800 text-emerald-50",
  put: "bg-amber-700 text-amber-50",
  patch: "bg-violet-800 text-violet-50",
  delete: "bg-rose-800 text-rose-50",
};

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();

function RefLink({ target: r }: { target: string }) {
  const name = r.split("/").pop() ?? r;
  return (
    <a href={`#schema-${slug(name)}`} className={`rounded text-amber-300 underline ${focusRing}`}>
      {name}
    </a>
  );
}

/** A compact, readable rendering of a JSON schema type: `string (1..200 chars)`, `array of Movie`... */
function TypeOf({ schema }: { schema?: Schema }): ReactNode {
  if (!schema) return <span>any</span>;
  if (schema.$ref) return <RefLink target={schema.$ref} />;
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts)
    return (
      <>
        {alts.map((a, i) => (
          <Fragment key={i}>
            {i ? " | " : ""}
            <TypeOf schema={a} />
          </Fragment>
        ))}
      </>
    );
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  if (schema.enum) return <code>{schema.enum.map((e) => JSON.stringify(e)).join(" | ")}</code>;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  if (type === "array")
    return (
      <>
        array of <TypeOf schema={schema.items} />
        {constraints(schema)}
      </>
    );
  if (type === "object" && schema.properties) return <span>object {"{"} {Object.keys(schema.properties).join(", ")} {"}"}</span>;
  return (
    <>
      {type}
      {schema.format ? ` (${schema.format})` : ""}
      {constraints(schema)}
    </>
  );
}

function constraints(s: Schema): string {
  const c: string[] = [];
  if (s.minimum !== undefined || s.maximum !== undefined) c.push(`${s.minimum ?? "…"} to ${s.maximum ?? "…"}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) c.push(`${s.minLength ?? 0}..${s.maxLength ?? "…"} chars`);
  if (s.minItems !== undefined || s.maxItems !== undefined) c.push(`${s.minItems ?? 0}..${s.maxItems ?? "…"} items`);
  if (s.pattern) c.push(`pattern ${s.pattern}`);
  return c.length ? `, ${c.join(", ")}` : "";
}

function PropertiesTable({ schema, caption }: { schema: Schema; caption: string }) {
  const props = Object.entries(schema.properties ?? {});
  if (!props.length) return <p className="text-sm text-slate-300">{<TypeOf schema={schema} />}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              Type
            </th>
            <th scope="col" className="py-1 font-medium">
              Default
            </th>
          </tr>
        </thead>
        <tbody>
          {props.map(([name, p]) => (
            <tr key={name} className="border-t border-slate-800 align-top">
              <td className="py-1 pr-4 font-mono">
                {name}
                {schema.required?.includes(name) ? <span className="text-rose-300" title="required"> *</span> : null}
              </td>
              <td className="py-1 pr-4 break-all">
                <TypeOf schema={p} />
              </td>
              <td className="py-1 font-mono text-slate-300">{p.default !== undefined ? JSON.stringify(p.default) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OperationCard({ path, method, op, shared }: { path: string; method: string; op: Operation; shared: Param[] }) {
  const params = [...shared, ...(op.parameters ?? [])];
  const body = op.requestBody?.content?.["application/json"]?.schema;
  return (
    <section id={`op-${method}-${slug(path)}`} aria-label={`${method.toUpperCase()} ${path}`} className="space-y-3 rounded-lg border border-slate-800 bg-slate-900/50 p-4">
      <h3 className="flex flex-wrap items-center gap-3 font-mono text-base">
        <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_STYLE[method] ?? "bg-slate-700"}`}>{method}</span>
        <span className="break-all">{path}</span>
        {op.security?.length ? <span className="rounded bg-slate-700 px-2 py-0.5 font-sans text-xs">Bearer token</span> : null}
      </h3>
      {op.summary ? (
        <p className="text-slate-200">
          <Prose text={op.summary} />
        </p>
      ) : null}
      {op.description ? (
        <p className="text-sm text-slate-300">
          <Prose text={op.description} />
        </p>
      ) : null}
      {params.length ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="mb-1 text-left font-semibold text-slate-300">Parameters</caption>
            <thead className="text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Name
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  In
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Type
                </th>
                <th scope="col" className="py-1 font-medium">
                  Default
                </th>
              </tr>
            </thead>
            <tbody>
              {params.map((p) => (
                <tr key={`${p.in}-${p.name}`} className="border-t border-slate-800 align-top">
                  <td className="py-1 pr-4 font-mono">
                    {p.name}
                    {p.required ? <span className="text-rose-300" title="required"> *</span> : null}
                  </td>
                  <td className="py-1 pr-4">{p.in}</td>
                  <td className="py-1 pr-4 break-all">
                    <TypeOf schema={p.schema} />
                  </td>
                  <td className="py-1 font-mono text-slate-300">{p.schema?.default !== undefined ? JSON.stringify(p.schema.default) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {body ? (
        <p className="text-sm">
          <span className="font-semibold text-slate-300">Request body</span> (JSON{op.requestBody?.required ? ", required" : ""}): <TypeOf schema={body} />
        </p>
      ) : null}
      <div>
        <p className="text-sm font-semibold text-slate-300">Responses</p>
        <ul className="mt-1 space-y-0.5 text-sm">
          {Object.entries(op.responses ?? {}).map(([code, r]) => {
            const schema = r.content?.["application/json"]?.schema;
            return (
              <li key={code}>
                <code className={code.startsWith("2") || code.startsWith("3") ? "text-emerald-300" : "text-rose-300"}>{code}</code>{" "}
                <Prose text={r.description} />
                {schema ? (
                  <span className="text-slate-300">
                    {" "}
                    — <ResponseShape schema={schema} />
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

function ResponseShape({ schema }: { schema: Schema }) {
  if (schema.type === "object" && schema.properties)
    return (
      <>
        {"{ "}
        {Object.entries(schema.properties).map(([k, v], i) => (
          <Fragment key={k}>
            {i ? ", " : ""}
            <code>{k}</code>: <TypeOf schema={v} />
          </Fragment>
        ))}
        {" }"}
      </>
    );
  return <TypeOf schema={schema} />;
}

/** Renders `backticked` spans of a description as code (text only, never HTML). */
function Prose({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <>
      {text.split(/(`[^`]+`)/g).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i} className="rounded bg-slate-800 px-1">
            {part.slice(1, -1)}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** The API reference, rendered on the server from the same OpenAPI document /api/openapi.json serves. */
export default function DocsPage() {
  const doc = openApiDocument() as unknown as Doc;
  const paths = Object.entries(doc.paths);
  const schemas = Object.entries(doc.components.schemas);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{doc.info.title}</h1>
        <p className="text-slate-300">
          Version {doc.info.version}. <Prose text={doc.info.description} />
        </p>
        <p className="text-sm text-slate-300">
          Everything is JSON; errors look like <code>{'{"error":{"code","message","details?"}}'}</code>. Machine-readable:{" "}
          <a href="/api/openapi.json" className={`rounded text-amber-300 underline ${focusRing}`}>
            /api/openapi.json
          </a>{" "}
          (OpenAPI 3.1).
        </p>
      </header>
      <nav aria-label="Endpoints" className="rounded-lg border border-slate-800 p-4">
        <h2 className="mb-2 font-semibold">Contents</h2>
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          {paths.flatMap(([path, item]) =>
            METHODS.filter((m) => item[m]).map((m) => (
              <li key={`${m}${path}`}>
                <a href={`#op-${m}-${slug(path)}`} className={`rounded font-mono hover:text-amber-300 hover:underline ${focusRing}`}>
                  <span className="inline-block w-16 uppercase text-slate-400">{m}</span>
                  {path}
                </a>
              </li>
            )),
          )}
        </ul>
      </nav>
      <section aria-labelledby="endpoints-heading" className="space-y-4">
        <h2 id="endpoints-heading" className="text-2xl font-bold">
          Endpoints
        </h2>
        {paths.flatMap(([path, item]) =>
          METHODS.filter((m) => item[m]).map((m) => (
            <OperationCard key={`${m}${path}`} path={path} method={m} op={item[m] as Operation} shared={(item.parameters as Param[] | undefined) ?? []} />
          )),
        )}
      </section>
      <section aria-labelledby="schemas-heading" className="space-y-4">
        <h2 id="schemas-heading" className="text-2xl font-bold">
          Schemas
        </h2>
        {schemas.map(([name, schema]) => (
          <section key={name} id={`schema-${slug(name)}`} aria-label={`Schema ${name}`} className="space-y-2 rounded-lg border border-slate-800 bg-slate-900/50 p-4">
            <h3 className="font-mono text-lg font-semibold">{name}</h3>
            <PropertiesTable schema={schema} caption={`Fields of ${name}`} />
          </section>
        ))}
      </section>
    </div>
  );
}
