import { type ProscribedGroupInput, ReferralKitError, ValidationError } from "referral-kit";
import {
  createRegistry,
  knownGroups,
  RegistryIntegrityError,
  UnknownGroupError,
} from "referral-kit/registry";
import { describe, expect, it } from "vitest";

const registry = createRegistry(knownGroups);

const source = { url: "https://example.gov/list" };
const designation = (authority: "un-1267" | "us-fto" | "uk-proscribed") => ({
  authority,
  reference: null,
  listedOn: null,
  sources: [source],
});

describe("find", () => {
  it.each([
    "Tehrik-i-Taliban Pakistan",
    "Tehreek-e-Taliban Pakistan",
    "Tehrik-e-Taliban Pakistan",
    "Tehrik-e Taliban Pakistan",
    "Tehreek-i-Taliban Pakistan",
    "tehrik i taliban pakistan",
    "TEHRIK-E TALIBAN PAKISTAN",
    "Tehrīk-i-Ṭālibān Pākistān",
    "Tehrik Taliban Pakistan",
    "TTP",
    "ttp",
    "Pakistani Taliban",
    "تحریک طالبان پاکستان",
    "تحريك طالبان باكستان",
    "ٹی ٹی پی",
  ])("finds TTP by %j", (query) => {
    expect(registry.find(query)?.id).toBe("ttp");
  });

  it.each([
    ["Balochistan Liberation Army", "bla"],
    ["Baluchistan Liberation Army", "bla"],
    ["Baloch Liberation Army", "bla"],
    ["BLA", "bla"],
    ["Majeed Brigade", "majeed-brigade"],
    ["The Majeed Brigade", "majeed-brigade"],
    ["Majid Brigade", "majeed-brigade"],
    ["مجید بریگیڈ", "majeed-brigade"],
    ["Balochistan Liberation Front", "blf"],
    ["Baluchistan Liberation Front", "blf"],
    ["BLF", "blf"],
    ["Islamic State Khorasan Province", "iskp"],
    ["Islamic State Khurasan Province", "iskp"],
    ["ISKP", "iskp"],
    ["ISIS-K", "iskp"],
    ["ISIS K", "iskp"],
    ["isisk", "iskp"],
    ["ISIL-K", "iskp"],
    ["IS-K", "iskp"],
    ["Islamic State’s Khorasan Province", "iskp"],
    ["ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN", "iskp"],
    ["ولاية خراسان", "iskp"],
    ["وِلايَة خُراسان", "iskp"],
    ["ISIS", "isil"],
    ["Daesh", "isil"],
    ["Da’esh", "isil"],
    ["داعش", "isil"],
  ])("finds %j as %s", (query, id) => {
    expect(registry.find(query)?.id).toBe(id);
  });

  it("returns undefined for an unknown name, an empty query and a partial name", () => {
    expect(registry.find("Lashkar-e-Example")).toBeUndefined();
    expect(registry.find("")).toBeUndefined();
    expect(registry.find("---")).toBeUndefined();
    expect(registry.find("Khorasan")).toBeUndefined(); // a region, not a group name
    expect(registry.find("Balochistan Liberation")).toBeUndefined(); // BLA or BLF?
  });
});

describe("ambiguous names", () => {
  // "Jundallah" has been the name of more than one militant group: the registry must not pick one.
  const ambiguous = createRegistry([
    { id: "jundallah-pk", name: "Jundallah (Pakistan)", aliases: ["Jundallah"] },
    { id: "jundallah-ir", name: "Jaysh al-Adl", aliases: ["Jundullah", "Jundallah"] },
  ]);

  it("find returns undefined when two groups share the name", () => {
    expect(ambiguous.find("Jundallah")).toBeUndefined();
  });

  it("resolve says ambiguous and lists both candidates", () => {
    const resolution = ambiguous.resolve("Jundallah");
    expect(resolution.status).toBe("ambiguous");
    if (resolution.status !== "ambiguous") return;
    expect(resolution.candidates.map((match) => match.group.id).sort()).toEqual([
      "jundallah-ir",
      "jundallah-pk",
    ]);
    expect(resolution.candidates.every((match) => match.score >= 0.95)).toBe(true);
  });

  it("search shows both, with the alias each matched", () => {
    const matches = ambiguous.search("Jundallah");
    expect(matches.map((match) => [match.group.id, match.matched, match.kind])).toEqual(
      expect.arrayContaining([
        ["jundallah-pk", "Jundallah", "exact"],
        ["jundallah-ir", "Jundallah", "exact"],
      ]),
    );
  });

  it("resolve says found for one group and not_found with suggestions otherwise", () => {
    const found = registry.resolve("Tehreek-e-Taliban Pakistan");
    expect(found.status).toBe("found");
    if (found.status === "found") expect(found.match.matched).toBe("Tehrik-e-Taliban Pakistan");

    const missing = registry.resolve("Tehrik Talban Pakistan");
    expect(missing.status).toBe("not_found");
    if (missing.status === "not_found") expect(missing.suggestions[0]?.group.id).toBe("ttp");
  });
});

describe("search", () => {
  it("ranks did-you-mean suggestions for a misspelling", () => {
    const [best] = registry.search("Tehrik Talban Pakistan");
    expect(best?.group.id).toBe("ttp");
    expect(best?.kind).toBe("fuzzy");
    expect(best?.score).toBeGreaterThan(0.5);
    expect(best?.score).toBeLessThan(0.95);
  });

  it("shows both groups for a shared prefix, neither as the same name", () => {
    const matches = registry.search("Balochistan Lib");
    expect(
      matches
        .slice(0, 2)
        .map((match) => match.group.id)
        .sort(),
    ).toEqual(["bla", "blf"]);
    expect(matches.every((match) => match.kind === "partial")).toBe(true);
  });

  it("returns one match per group, best first, with the matched alias", () => {
    const matches = registry.search("ISIS");
    expect(matches[0]).toMatchObject({ matched: "ISIS", field: "alias", kind: "exact", score: 1 });
    expect(matches[0]?.group.id).toBe("isil");
    expect(new Set(matches.map((match) => match.group.id)).size).toBe(matches.length);
    const scores = matches.map((match) => match.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("honours limit and minScore", () => {
    expect(registry.search("Islamic State", { limit: 1 })).toHaveLength(1);
    expect(registry.search("Islamic State", { minScore: 1 }).map((match) => match.group.id)).toEqual([
      "isil",
    ]);
    expect(registry.search("zzzz")).toEqual([]);
  });
});

describe("get, has, list", () => {
  it("gets a group by id", () => {
    expect(registry.get("bla").name).toBe("Balochistan Liberation Army");
    expect(registry.has("bla")).toBe(true);
    expect(registry.has("nope")).toBe(false);
  });

  it("throws UnknownGroupError with a stable code for an unknown id", () => {
    let caught: unknown;
    try {
      registry.get("nope");
    } catch (error) {
      caught = error;
    }
    expect(UnknownGroupError.isInstance(caught)).toBe(true);
    expect(ReferralKitError.isInstance(caught)).toBe(true);
    if (UnknownGroupError.isInstance(caught)) {
      expect(caught.code).toBe("unknown_group");
      expect(caught.groupId).toBe("nope");
    }
    expect(() => registry.designations("nope")).toThrow(UnknownGroupError);
    expect(() => registry.children("nope")).toThrow(UnknownGroupError);
  });

  it("lists every group in input order, frozen", () => {
    expect(registry.list().map((group) => group.id)).toEqual(knownGroups.map((group) => group.id));
    const bla = registry.get("bla");
    expect(Object.isFrozen(bla)).toBe(true);
    expect(Object.isFrozen(bla.aliases)).toBe(true);
    expect(Object.isFrozen(bla.designations[0])).toBe(true);
  });

  it("keeps its own copy of the input", () => {
    const input: ProscribedGroupInput[] = [{ id: "x", name: "Example Group", aliases: ["EG"] }];
    const own = createRegistry(input);
    input[0]?.aliases?.push("Other");
    input.push({ id: "y", name: "Y" });
    expect(own.get("x").aliases).toEqual(["EG"]);
    expect(own.has("y")).toBe(false);
  });
});

describe("designations", () => {
  it("filters by authority", () => {
    const un = registry.designations("ttp", { authority: "un-1267" });
    expect(un).toHaveLength(1);
    expect(un[0]).toMatchObject({ authority: "un-1267", reference: "QDe.132", listedOn: "2011-07-29" });
    expect(un[0]).toMatchObject({ groupId: "ttp", inherited: false });

    const us = registry.designations("ttp", { authority: ["us-fto", "us-sdgt"] });
    expect(us.map((entry) => entry.authority).sort()).toEqual(["us-fto", "us-sdgt"]);
    expect(registry.designations("blf", { authority: "un-1267" })).toEqual([]);
  });

  it("returns only the group's own designations by default", () => {
    const own = registry.designations("majeed-brigade");
    expect(own.every((entry) => entry.groupId === "majeed-brigade" && !entry.inherited)).toBe(true);
    expect(own.some((entry) => entry.authority === "uk-proscribed")).toBe(false);
  });

  it("adds ancestors' designations, marked inherited, only when asked", () => {
    const all = registry.designations("majeed-brigade", { includeInherited: true });
    const inherited = all.filter((entry) => entry.inherited);
    expect(inherited.length).toBe(registry.designations("bla").length);
    expect(inherited.every((entry) => entry.groupId === "bla")).toBe(true);
    expect(all.filter((entry) => !entry.inherited)).toEqual(registry.designations("majeed-brigade"));

    const uk = registry.designations("iskp", { authority: "uk-proscribed", includeInherited: true });
    expect(uk).toHaveLength(1);
    expect(uk[0]).toMatchObject({ groupId: "isil", inherited: true });
    expect(registry.designations("iskp", { authority: "uk-proscribed" })).toEqual([]);
  });
});

describe("parent and children", () => {
  it("links the Majeed Brigade to the BLA", () => {
    expect(registry.parent("majeed-brigade")?.id).toBe("bla");
    expect(registry.children("bla").map((group) => group.id)).toEqual(["majeed-brigade"]);
    expect(registry.ancestors("majeed-brigade").map((group) => group.id)).toEqual(["bla"]);
    expect(registry.parent("bla")).toBeUndefined();
    expect(registry.ancestors("bla")).toEqual([]);
    expect(registry.children("majeed-brigade")).toEqual([]);
  });

  it("lists ancestors nearest first", () => {
    const deep = createRegistry([
      { id: "a", name: "A" },
      { id: "b", name: "B", parentId: "a" },
      { id: "c", name: "C", parentId: "b" },
    ]);
    expect(deep.ancestors("c").map((group) => group.id)).toEqual(["b", "a"]);
    expect(deep.designations("c", { includeInherited: true })).toEqual([]);
  });
});

describe("createRegistry input errors", () => {
  function thrownBy(run: () => unknown): unknown {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error("expected a throw");
  }

  it("rejects invalid groups with a ValidationError carrying paths", () => {
    const error = thrownBy(() =>
      createRegistry([
        { id: "ok", name: "OK" },
        {
          id: "bad id!",
          name: "",
          designations: [{ authority: "us-fto", reference: null, listedOn: "2020-13-01", sources: [] }],
        },
      ] as ProscribedGroupInput[]),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    if (!ValidationError.isInstance(error)) return;
    expect(error.code).toBe("validation_failed");
    const paths = error.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["1.id", "1.name", "1.designations.0.listedOn", "1.designations.0.sources"]),
    );
  });

  it("rejects a non-array", () => {
    expect(ValidationError.isInstance(thrownBy(() => createRegistry("ttp" as unknown as [])))).toBe(true);
  });

  it("rejects an unknown authority with its path", () => {
    const error = thrownBy(() =>
      createRegistry([
        { id: "x", name: "X", designations: [{ ...designation("un-1267"), authority: "eu" }] },
      ] as unknown as ProscribedGroupInput[]),
    );
    expect(ValidationError.isInstance(error) && error.issues[0]?.path).toEqual([
      0,
      "designations",
      0,
      "authority",
    ]);
  });

  it("rejects duplicate ids", () => {
    const error = thrownBy(() =>
      createRegistry([
        { id: "x", name: "X" },
        { id: "y", name: "Y" },
        { id: "x", name: "X again" },
      ]),
    );
    expect(RegistryIntegrityError.isInstance(error)).toBe(true);
    if (!RegistryIntegrityError.isInstance(error)) return;
    expect(error.code).toBe("registry_integrity");
    expect(ReferralKitError.isInstance(error)).toBe(true);
    expect(error.issues).toEqual([
      expect.objectContaining({ kind: "duplicate_id", groupIds: ["x"], index: 2 }),
    ]);
  });

  it("rejects a parentId that names no group", () => {
    const error = thrownBy(() => createRegistry([{ id: "child", name: "Child", parentId: "ghost" }]));
    expect(RegistryIntegrityError.isInstance(error) && error.issues).toEqual([
      expect.objectContaining({ kind: "unknown_parent", groupIds: ["child", "ghost"], index: 0 }),
    ]);
  });

  it("rejects parent cycles, including a group that is its own parent", () => {
    const error = thrownBy(() =>
      createRegistry([
        { id: "a", name: "A", parentId: "c" },
        { id: "b", name: "B", parentId: "a" },
        { id: "c", name: "C", parentId: "b" },
        { id: "self", name: "Self", parentId: "self" },
        { id: "tail", name: "Tail", parentId: "a" },
      ]),
    );
    expect(RegistryIntegrityError.isInstance(error)).toBe(true);
    if (!RegistryIntegrityError.isInstance(error)) return;
    const cycles = error.issues.filter((issue) => issue.kind === "parent_cycle");
    expect(cycles.map((issue) => issue.groupIds)).toEqual([
      ["a", "c", "b", "a"],
      ["self", "self"],
    ]);
  });

  it("lists every integrity problem at once", () => {
    const error = thrownBy(() =>
      createRegistry([
        { id: "x", name: "X", parentId: "missing" },
        { id: "x", name: "X2" },
        { id: "loop", name: "Loop", parentId: "loop" },
      ]),
    );
    expect(RegistryIntegrityError.isInstance(error) && error.issues.map((issue) => issue.kind)).toEqual([
      "duplicate_id",
      "unknown_parent",
      "parent_cycle",
    ]);
  });

  it("accepts designations as written by hand and applies defaults", () => {
    const own = createRegistry([{ id: "x", name: "X", designations: [designation("uk-proscribed")] }]);
    expect(own.designations("x")[0]).toMatchObject({ status: "listed", notes: [] });
  });
});
