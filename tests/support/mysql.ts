import mysql from "mysql2/promise";

/** A checksum of the tables a write could touch, to prove a rejected request changed nothing. */
export async function catalogChecksum(url: string): Promise<string> {
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>("CHECKSUM TABLE movies, movie_genres");
    const [[count]] = await conn.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n, MAX(updated_at) AS u FROM movies");
    return JSON.stringify([rows.map((r) => r.Checksum), count.n, String(count.u)]);
  } finally {
    await conn.end();
  }
}

export async function queryRows(url: string, sql: string, params: unknown[] = []): Promise<mysql.RowDataPacket[]> {
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(sql, params);
    return rows;
  } finally {
    await conn.end();
  }
}
