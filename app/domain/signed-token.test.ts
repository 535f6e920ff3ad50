import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "./signed-token";

const secret = "s3cret";
const purpose = "unsubscribe";

describe("signed tokens", () => {
  it("round-trips the subject for the same purpose and secret", () => {
    const token = signToken({ purpose, subject: "clx123abc", secret });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken({ purpose, token, secret })).toBe("clx123abc");
  });

  it("is deterministic (the same link in every email to one subscription)", () => {
    expect(signToken({ purpose, subject: "a", secret })).toBe(signToken({ purpose, subject: "a", secret }));
  });

  it("keeps subjects with any characters intact", () => {
    const subject = "shop.myshopify.com/ü?x=1&y=.";
    expect(verifyToken({ purpose, token: signToken({ purpose, subject, secret }), secret })).toBe(subject);
  });

  it("rejects a token signed with another secret", () => {
    const token = signToken({ purpose, subject: "sub1", secret: "other" });
    expect(verifyToken({ purpose, token, secret })).toBeNull();
  });

  it("rejects a token minted for another purpose", () => {
    const token = signToken({ purpose: "confirm", subject: "sub1", secret });
    expect(verifyToken({ purpose, token, secret })).toBeNull();
  });

  it("rejects a token whose subject was swapped", () => {
    const token = signToken({ purpose, subject: "sub1", secret });
    const forged = `${Buffer.from("sub2").toString("base64url")}.${token.split(".")[1]}`;
    expect(verifyToken({ purpose, token: forged, secret })).toBeNull();
  });

  it.each(["", "abc", "a.b.c", "a.", ".b", "a b.c", "sub1.!!!", "c3ViMQ.short"])("rejects malformed token %j", (token) => {
    expect(verifyToken({ purpose, token, secret })).toBeNull();
  });

  it("rejects a token with a truncated or extended signature", () => {
    const token = signToken({ purpose, subject: "sub1", secret });
    expect(verifyToken({ purpose, token: token.slice(0, -1), secret })).toBeNull();
    expect(verifyToken({ purpose, token: `${token}A`, secret })).toBeNull();
  });

  it("refuses to work without a secret", () => {
    expect(() => signToken({ purpose, subject: "x", secret: "" })).toThrow(/secret/);
    expect(() => verifyToken({ purpose, token: "eA.abc", secret: "" })).toThrow(/secret/);
  });
});
