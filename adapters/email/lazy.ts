/** The email channel loads its mail libraries lazily, through the shared loader. */
export { loadPackage, MissingDependencyError } from "../../src/internal/load-package.js";
