import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "./signed-token";

const secret = "s3cret";
const purpose = "unsubscribe";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
/** A token in the format minted before per-purpose keys: `<subject>.<HMAC(raw secret, purpose \n subject)>`. */
const legacyToken = (subject: string, legacySecret = secret, legacyPurpose = purpose) =>
  `${b64(subject)}.${createHmac("sha256", legacySecret).update(`${legacyPurpose}\n${subject}`).digest("base64url")}`;

describe("signed tokens", () => {
  it("round-trips the subject for the same purpose and secret, as <kid>.<subject>.<sig>, URL-safe", () => {
    const token = signToken({ purpose, subject: "clx123abc", secret });
    expect(token).toMatch(/^[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.split(".")[1]).toBe(b64("clx123abc"));
    expect(verifyToken({ purpose, token, secret })).toBe("clx123abc");
  });

  it("signs with a key derived by HKDF-SHA256 (info = purpose), not with the raw secret", () => {
    const token = signToken({ purpose, subject: "sub1", secret });
    const [kid, encodedSubject, sig] = token.split(".");
    const key = Buffer.from(hkdfSync("sha256", secret, "backorders/signed-token/v1", purpose, 32));
    expect(kid).toBe(createHmac("sha256", key).update("kid").digest().subarray(0, 6).toString("base64url"));
    expect(sig).toBe(createHmac("sha256", key).update(`${kid}.${encodedSubject}`).digest("base64url"));
    expect(sig).not.toBe(createHmac("sha256", secret).update(`${kid}.${encodedSubject}`).digest("base64url"));
  });

  it("gives each purpose and each secret its own kid, the same every time", () => {
    const kidOf = (p: string, s: string) => signToken({ purpose: p, subject: "x", secret: s }).split(".")[0];
    expect(kidOf(purpose, secret)).toBe(kidOf(purpose, secret));
    expect(kidOf(purpose, secret)).not.toBe(kidOf("cancel-request", secret));
    expect(kidOf(purpose, secret)).not.toBe(kidOf(purpose, "new-secret"));
  });

  it("is deterministic (the same link in every email to one subscription)", () => {
    expect(signToken({ purpose, subject: "a", secret })).toBe(signToken({ purpose, subject: "a", secret }));
  });

  it("keeps subjects with any characters intact", () => {
    const subject = "shop.myshopify.com/ü?x=1&y=.";
    expect(verifyToken({ purpose, token: signToken({ purpose, subject, secret }), secret })).toBe(subject);
  });

  it("rejects a token signed with a secret that is neither current nor previous", () => {
    const token = signToken({ purpose, subject: "sub1", secret: "other" });
    expect(verifyToken({ purpose, token, secret })).toBeNull();
    expect(verifyToken({ purpose, token, secret, previousSecrets: ["older", "oldest"] })).toBeNull();
  });

  it("rejects a token minted for another purpose, even for the same subject and secret", () => {
    const token = signToken({ purpose: "confirm", subject: "sub1", secret });
    expect(verifyToken({ purpose, token, secret })).toBeNull();
    expect(verifyToken({ purpose: "cancel-request", token: signToken({ purpose, subject: "sub1", secret }), secret })).toBeNull();
    // Same key id would not help either: a token re-labelled with this purpose's kid has the other key's signature.
    const [, subject, sig] = token.split(".");
    const kid = signToken({ purpose, subject: "sub1", secret }).split(".")[0];
    expect(verifyToken({ purpose, token: `${kid}.${subject}.${sig}`, secret })).toBeNull();
  });

  describe("rotation", () => {
    it("accepts a token minted with a previous secret, whichever position it has in the list", () => {
      const token = signToken({ purpose, subject: "sub1", secret: "old-2" });
      expect(verifyToken({ purpose, token, secret: "new", previousSecrets: ["old-1", "old-2"] })).toBe("sub1");
      expect(verifyToken({ purpose, token, secret: "new", previousSecrets: ["old-2"] })).toBe("sub1");
      expect(verifyToken({ purpose, token, secret: "new" })).toBeNull(); // once the old secret is dropped, it is dead
    });

    it("still accepts tokens minted with the current secret when previous secrets are configured", () => {
      const token = signToken({ purpose, subject: "sub1", secret: "new" });
      expect(verifyToken({ purpose, token, secret: "new", previousSecrets: ["old-1"] })).toBe("sub1");
    });

    it("picks the key by kid: a token whose kid names another configured secret fails", () => {
      const token = signToken({ purpose, subject: "sub1", secret: "new" });
      const otherKid = signToken({ purpose, subject: "sub1", secret: "old-1" }).split(".")[0];
      const relabelled = `${otherKid}.${token.split(".").slice(1).join(".")}`;
      expect(verifyToken({ purpose, token: relabelled, secret: "new", previousSecrets: ["old-1"] })).toBeNull();
    });
  });

  describe("legacy tokens (<subject>.<sig> with the raw secret, in emails sent before key derivation)", () => {
    it("accepts them for the current secret and for a previous secret", () => {
      expect(verifyToken({ purpose, token: legacyToken("sub1"), secret })).toBe("sub1");
      expect(verifyToken({ purpose, token: legacyToken("sub1", "old"), secret, previousSecrets: ["old"] })).toBe("sub1");
    });

    it("rejects them for an unknown secret, another purpose, or a swapped subject", () => {
      expect(verifyToken({ purpose, token: legacyToken("sub1", "other"), secret })).toBeNull();
      expect(verifyToken({ purpose, token: legacyToken("sub1", secret, "confirm"), secret })).toBeNull();
      const swapped = `${b64("sub2")}.${legacyToken("sub1").split(".")[1]}`;
      expect(verifyToken({ purpose, token: swapped, secret })).toBeNull();
    });

    it("never mints them: new tokens always have three parts", () => {
      expect(signToken({ purpose, subject: "sub1", secret }).split(".")).toHaveLength(3);
    });
  });

  describe("tampering", () => {
    const token = signToken({ purpose, subject: "sub1", secret });
    const [kid, subject, sig] = token.split(".");
    const flip = (part: string) => `${part.slice(0, -2)}${part.at(-2) === "A" ? "B" : "A"}${part.at(-1)}`;

    it.each([
      ["kid", `${flip(kid)}.${subject}.${sig}`],
      ["subject", `${kid}.${b64("sub2")}.${sig}`],
      ["signature", `${kid}.${subject}.${flip(sig)}`],
      ["truncated signature", token.slice(0, -1)],
      ["extended signature", `${token}A`],
      ["dropped kid (looks legacy)", `${subject}.${sig}`],
    ])("rejects a token with a changed %s", (_label, forged) => {
      expect(verifyToken({ purpose, token: forged, secret, previousSecrets: ["old"] })).toBeNull();
    });
  });

  it.each(["", "abc", "a.b.c", "a.b.c.d", "a.", ".b", "..", "a b.c", "sub1.!!!", "c3ViMQ.short", "k.c3ViMQ=.x", `a.${"b".repeat(5000)}.c`])(
    "returns null (does not throw) for malformed token %j",
    (token) => {
      expect(verifyToken({ purpose, token, secret, previousSecrets: ["old"] })).toBeNull();
    },
  );

  it("returns null for a token that is not a string at all (e.g. a route param gone missing)", () => {
    expect(verifyToken({ purpose, token: undefined as unknown as string, secret })).toBeNull();
  });

  it("refuses to work without a secret, or with an empty previous secret", () => {
    expect(() => signToken({ purpose, subject: "x", secret: "" })).toThrow(/secret/);
    expect(() => verifyToken({ purpose, token: "eA.abc", secret: "" })).toThrow(/secret/);
    expect(() => verifyToken({ purpose, token: "eA.abc", secret, previousSecrets: [""] })).toThrow(/secret/);
  });
});
