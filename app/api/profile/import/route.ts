import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { readBody, route } from "@/lib/api/http";
import { importRatings } from "@/lib/profile/import";
import { IMPORT_MAX_BYTES } from "@/lib/api/profile-schemas";

export const dynamic = "force-dynamic";

const CSV_TYPES = /^(text\/(csv|plain)|application\/(csv|vnd\.ms-excel))\s*(;|$)/i;

/** A Letterboxd or IMDb ratings export -> the catalog's ids; nothing is stored. */
export const POST = route("POST /api/profile/import", async (req) => {
  const type = req.headers.get("content-type") ?? "";
  if (!CSV_TYPES.test(type))
    throw new ApiError("bad_request", `send the ratings file itself as the body with Content-Type: text/csv (got ${type.slice(0, 60) || "none"})`);
  const csv = await readBody(req, IMPORT_MAX_BYTES, `the file is over ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it`);
  return NextResponse.json({ data: await importRatings(csv) });
});
