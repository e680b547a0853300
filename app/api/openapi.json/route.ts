import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";
import { route } from "@/lib/api/http";

export const GET = route("GET /api/openapi.json", async () => NextResponse.json(openApiDocument()));
