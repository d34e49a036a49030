import { describe, expect, it } from "vitest";
import { classifyReply } from "../../adapters/email/classify.js";

const AT = "2025-03-04T09:15:00Z";
const read = (text: string) => classifyReply("Re: referral", text, { at: AT });

/**
 * "Already removed" is a decline in the taxonomy (`no-action`, `already-removed`): the platform did
 * nothing because someone (it, the uploader) had removed the target before. Words of removal in it must
 * not make it an action.
 */
describe("classifyReply: already removed is a decline, not an action", () => {
  it.each([
    "The content you reported has already been removed.",
    "This account was already taken down before we received your report.",
    "The video had already been deleted.",
    "The reported posts were already removed by the uploader.",
    "The account has already been suspended for other violations.",
    "This channel was previously removed.",
    "The content had been removed by the account holder before your request arrived.",
  ])("%j", (text) => {
    const reading = read(text);
    expect(reading?.outcome).toBe("rejected");
    expect(reading?.reasonCode).toBe("already-removed");
    expect(reading?.detail).toEqual({ reasonCode: "already-removed" });
  });

  it.each([
    // "No longer available" alone can mean "we removed it" or "it was gone already": a person reads it.
    "The content is no longer available.",
    "The reported account is no longer available on our platform.",
    // Active voice with "already": done now in answer to the report, or done before it? Not said.
    "We have already removed the account you reported.",
  ])("leaves the ambiguous %j for a person", (text) => {
    expect(read(text)).toBeUndefined();
  });

  it("still reads an action that says it made the content unavailable", () => {
    expect(read("The content has been removed and is no longer available.")).toMatchObject({
      outcome: "actioned",
      reasonCode: "removed",
    });
  });
});

describe("classifyReply: negated actions are declines", () => {
  it.each([
    ["The posts were not taken down.", "not-actioned"],
    ["The account will not be removed.", "not-actioned"],
    ["We will not remove the content.", "unable-to-act"],
    ["We won't remove this account.", "unable-to-act"],
    ["We did not remove the account.", "not-actioned"],
    ["The account has not been restricted.", "not-actioned"],
    ["The content was not withheld in Pakistan.", "not-actioned"],
    ["We are not able to remove the account.", "unable-to-act"],
    ["No action was taken on the reported account.", "no-action"],
    ["We have decided to take no action on this report.", "no-action"],
  ])("%j", (text, code) => {
    const reading = read(text);
    expect(reading?.outcome).toBe("rejected");
    expect(reading?.reasonCode).toBe(code);
  });

  it.each([
    "We were unable to locate the account you reported; it may have been removed.",
    "We could not find the account you reported.",
    "The reported account could not be located.",
    "The account does not exist.",
    "We were unable to find the content at the link provided.",
  ])("reads %j as content not found", (text) => {
    const reading = read(text);
    expect(reading?.outcome).toBe("rejected");
    expect(reading?.reasonCode).toBe("not-found");
    expect(reading?.detail).toEqual({ reasonCode: "content-not-found" });
  });

  it("keeps 'no further action' after an action an action", () => {
    expect(read("The account has been suspended. No further action is required on your part.")?.outcome).toBe(
      "actioned",
    );
  });
});
