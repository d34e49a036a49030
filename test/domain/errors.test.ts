import {
  IllegalTransitionError,
  InvalidTargetError,
  ReferralKitError,
  ReferralRequest,
  SafeguardError,
  ValidationError,
  validate,
} from "referral-kit";
import { describe, expect, it } from "vitest";

describe("error classes", () => {
  it("have stable codes and isInstance checks that do not rely on instanceof", () => {
    const errors = [
      new InvalidTargetError("x.com/home", "reserved page"),
      new ValidationError("Request", [{ path: ["id"], message: "Required", code: "invalid_type" }]),
      new IllegalTransitionError({ from: "drafted", event: "submitted", index: 1 }),
      new SafeguardError("req-1", [{ rule: "approver_required", message: "nobody has approved it" }]),
    ];
    expect(errors.map((error) => error.code)).toEqual([
      "invalid_target",
      "validation_failed",
      "illegal_transition",
      "safeguard_violation",
    ]);
    for (const error of errors) expect(ReferralKitError.isInstance(error)).toBe(true);
    expect(InvalidTargetError.isInstance(errors[1])).toBe(false);
    expect(ReferralKitError.isInstance(new Error("plain"))).toBe(false);
    expect(ReferralKitError.isInstance(null)).toBe(false);
  });

  it("recognises an error made by another copy of the package (same global symbols, other classes)", () => {
    // A second installed copy has its own classes but marks errors with the same Symbol.for keys.
    const foreign = new Error("from another copy");
    Object.defineProperty(foreign, Symbol.for("referral-kit.error"), { value: true });
    Object.defineProperty(foreign, Symbol.for("referral-kit.error.invalid_target"), { value: true });
    expect(ReferralKitError.isInstance(foreign)).toBe(true);
    expect(InvalidTargetError.isInstance(foreign)).toBe(true);
    expect(foreign instanceof InvalidTargetError).toBe(false);
  });

  it("serialise to JSON with their public fields and no markers", () => {
    const error = new InvalidTargetError("x.com/home", "reserved page");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "InvalidTargetError",
      code: "invalid_target",
      message: 'Invalid target "x.com/home": reserved page',
      input: "x.com/home",
      reason: "reserved page",
    });
  });
});

describe("validate", () => {
  it("returns the parsed value with defaults applied", () => {
    const request = validate(ReferralRequest, {
      id: "req-9",
      kind: "preserve",
      platform: "telegram",
      targets: [
        {
          target: {
            type: "account",
            account: { kind: "username", platform: "telegram", username: "somechannel" },
          },
        },
      ],
      issuingAuthority: { name: "Unit" },
      deadline: "2025-03-03T10:00:00Z",
    });
    expect(request.priority).toBe("standard");
    expect(request.events).toEqual([]);
    expect(request.targets[0]?.evidence).toEqual([]);
  });

  it("throws ValidationError with every issue and its path", () => {
    let caught: unknown;
    try {
      validate(
        ReferralRequest,
        {
          id: "req 9",
          kind: "ban",
          platform: "x",
          targets: [
            { target: { type: "account", account: { kind: "phone", platform: "whatsapp", phone: "0300" } } },
          ],
          issuingAuthority: { name: "Unit" },
          deadline: "tomorrow",
        },
        "Request",
      );
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const error = caught as ValidationError;
    const paths = error.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["id", "kind", "targets.0.target.account.phone", "deadline"]),
    );
    expect(error.message).toMatch(/^Invalid Request at /);
    expect(error.subject).toBe("Request");
  });
});
