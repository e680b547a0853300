import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanFile } from "@/etl/pipeline";
import { openCsv, readCsv } from "@/etl/read";
import { TMDB_COLUMNS } from "@/lib/movies/types";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "read-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const header = TMDB_COLUMNS.join(",");
function row(id: number, over: Record<string, string> = {}): string {
  const v: Record<string, string> = {
    id: String(id), title: `Film ${id}`, vote_average: "7", vote_count: "10", status: "Released",
    release_date: "2000-01-01", adult: "False", original_title: `Film ${id}`, original_language: "en", ...over,
  };
  return TMDB_COLUMNS.map((c) => v[c] ?? "").join(",");
}
function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}
async function readAll(file: string, chunk?: number) {
  const rows = [];
  let malformed = 0;
  for await (const b of readCsv(await openCsv(file), chunk)) {
    rows.push(...b.rows);
    malformed += b.malformed;
  }
  return { rows, malformed };
}

describe("CSV reading", () => {
  it("handles a BOM, CRLF line ends, quoted newlines and doubled quotes", async () => {
    const overview = '"She said ""hi"",\r\nthen left."';
    const f = write("edge.csv", `\uFEFF${header}\r\n${row(1, { overview })}\r\n${row(2)}\r\n`);
    const { rows, malformed } = await readAll(f);
    expect(malformed).toBe(0);
    expect(rows.map((r) => r.id)).toEqual(["1", "2"]);
    expect(rows[0].overview).toBe('She said "hi",\r\nthen left.');
  });

  it("streams in small chunks with the same result", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => row(i + 1, { overview: `"line, ${i}\nnext"` }));
    const f = write("many.csv", `${header}\n${lines.join("\n")}\n`);
    const { rows } = await readAll(f, 1024);
    expect(rows).toHaveLength(500);
    expect(rows[499].overview).toBe("line, 499\nnext");
  });

  it("counts a line with the wrong number of fields as malformed and goes on", async () => {
    const f = write("bad.csv", `${header}\n${row(1)}\n1,2,3\n${row(3)}\n`);
    const { rows, malformed } = await readAll(f);
    expect(rows.map((r) => r.id)).toEqual(["1", "3"]);
    expect(malformed).toBe(1);
    const summary = await cleanFile(f, () => {}, { currentYear: 2026 });
    expect(summary).toMatchObject({ rowsRead: 3, kept: 2 });
    expect(summary.dropped.malformed_line).toBe(1);
  });

  it("refuses a file that is not the TMDB format, naming the missing columns", async () => {
    const f = write("other.csv", "id,title\n1,A\n");
    await expect(readAll(f)).rejects.toThrow(/missing column\(s\) vote_average, vote_count, status/);
  });

  it("refuses missing and empty files", async () => {
    await expect(openCsv(path.join(dir, "nope.csv"))).rejects.toThrow(/not found/);
    await expect(openCsv(write("empty.csv", ""))).rejects.toThrow(/empty/);
  });
});
