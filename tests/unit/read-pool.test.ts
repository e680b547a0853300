import { describe, expect, it } from "vitest";
import { replicationLag } from "@/db/read-pool";

describe("replicationLag (SHOW REPLICA STATUS)", () => {
  it("reads MariaDB's and MySQL 8's column names", () => {
    expect(replicationLag([{ Seconds_Behind_Master: 3 }])).toBe(3);
    expect(replicationLag([{ Seconds_Behind_Source: "7" }])).toBe(7);
  });

  it("takes the worst channel, and treats a server that is no replica as current", () => {
    expect(replicationLag([{ Seconds_Behind_Master: 1 }, { Seconds_Behind_Master: 9 }])).toBe(9);
    expect(replicationLag([])).toBe(0);
  });

  it("is null (not usable) when replication is stopped or broken", () => {
    expect(replicationLag([{ Seconds_Behind_Master: null }])).toBeNull();
    expect(replicationLag([{ Seconds_Behind_Master: 0 }, { Seconds_Behind_Master: null }])).toBeNull();
    expect(replicationLag([{ Slave_IO_Running: "No" }])).toBeNull();
  });
});
